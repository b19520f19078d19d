"""Acceptance on the real stack: the same 835 twice posts once; a malformed 835 posts nothing and is
dead-lettered with the segment and its position."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_records
from rcm_remittance.adapters.received_event import received_from_upload
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from rcm_x12 import read_835
from rcm_x12.sample835 import PAYER
from remittance_scenarios import (
    claim_ledger,
    claim_submitted,
    client,
    deliver_835,
    of_claim,
    posted_remittance,
    remittance_events,
    send,
    submit_claims,
)

pytestmark = pytest.mark.stack


def _paid_file(claim_id: str, trace: str, payer_id: str = "ACME01") -> str:
    claim = clp(claim_id, "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),), control="X1"),))
    payer = replace(PAYER, additional_id=payer_id)
    return file_of(remittance((claim,), trace=trace, payer=payer))


async def test_the_same_835_twice_posts_once(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-DUP", [("99213", (), "100.00", "X1")])
    )
    text = _paid_file("CLM-DUP", "CHK-DUP")
    [key] = await deliver_835(remittance_service, remittance_settings, text)
    await deliver_835(remittance_service, remittance_settings, text)  # redelivered by the clearinghouse
    async with client(remittance_service) as http:  # and uploaded by a biller, twice with one idempotency key
        for _ in range(2):
            response = await http.post("/remittances", content=text, headers={"Idempotency-Key": "up-1"})
            # 200 "duplicate" once the first delivery is posted, 202 while it is still on its way.
            expected = {200: "duplicate", 202: "accepted"}.get(response.status_code)
            assert response.json()["status"] == expected and response.json()["remittance_keys"] == [key]
    # Same trace number, so the same partition, after the duplicates: once it is posted, they were handled.
    [marker_key] = await deliver_835(
        remittance_service, remittance_settings, _paid_file("CLM-DUP", "CHK-DUP", payer_id="OTHER01")
    )

    await posted_remittance(remittance_service, marker_key)
    view = await posted_remittance(remittance_service, key)
    events = await remittance_events(remittance_settings, at_least=4)

    first_posting = [
        e
        for e in events
        if e.payload.trace_number == "CHK-DUP"  # type: ignore[attr-defined]
        and e.payload.payer_id == "ACME01"
    ]  # type: ignore[attr-defined]
    assert sorted(e.envelope.event_type for e in first_posting) == ["ClaimPaid", "PaymentPosted"]
    assert set(of_claim(events, "CLM-DUP")) == {"ClaimPaid", "PaymentPosted"}
    ledger = await claim_ledger(remittance_service, "CLM-DUP")
    assert sorted((e["remittance_key"], e["amount"]) for e in ledger["entries"]) == sorted(
        [(key, "70.00"), (key, "30.00"), (marker_key, "70.00"), (marker_key, "30.00")]
    )
    assert view["ledger_entry_count"] == 2 and view["reconciliation"]["balanced"] is True
    assert await remittance_service.db["remittance_outbox"].count_documents({}) == 0


async def test_a_malformed_835_is_dead_lettered_naming_segment_and_position_and_posts_nothing(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-BAD", [("99213", (), "100.00", "X1")])
    )
    good = _paid_file("CLM-BAD", "CHK-BAD")
    corrupted = good.replace("SVC*HC:99213*100*70", "SVC*HC:99213*1O0*70")
    position = next(i for i, s in enumerate(corrupted.split("~"), start=1) if "1O0*" in s)
    event = received_from_upload(read_835(good), good, None).model_copy(update={"x12_835": corrupted})
    await send(remittance_service, remittance_settings, event)

    letters = await read_records(
        remittance_settings.kafka_bootstrap, remittance_settings.topic("rcm.dlq.remittance"), at_least=1
    )

    assert len(letters) == 1
    headers = {k: v.decode() for k, v in letters[0].headers}  # type: ignore[attr-defined]
    assert headers["dlq.reason_kind"] == "permanent"
    assert f"segment SVC at position {position}" in headers["dlq.reason"]
    assert "nothing posted" in headers["dlq.reason"]
    assert await remittance_service.db["ledger"].count_documents({}) == 0
    assert await remittance_service.db["remittances"].count_documents({}) == 0
    assert await remittance_service.db["unmatched"].count_documents({}) == 0
    assert await remittance_events(remittance_settings, at_least=0, timeout_s=1) == []

    async with client(remittance_service) as http:  # the upload refuses it at once, with the same words
        response = await http.post(
            "/remittances", files={"file": ("bad.835", corrupted.encode(), "text/plain")}
        )
        truncated = await http.post("/remittances", content=good[: len(good) * 2 // 3])
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "file"] and problem["type"] == "value_error"
    assert f"segment SVC at position {position}" in problem["msg"]
    assert truncated.status_code == 422 and truncated.json()["detail"][0]["loc"] == ["body", "file"]
