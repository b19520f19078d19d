"""The subscribers and routes over the in-memory world: the kit's consumer (typed dispatch, DLQ) and HTTP edge
(tenant header, 422 shape) in front of the use cases, without Kafka or Mongo."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.adapters.received_event import received_from_upload
from rcm_remittance.samples import cas, clp, file_of, known_from, remittance, svc
from rcm_schemas.events.claims import ClaimLine, ClaimSubmitted
from rcm_schemas.events.clearinghouse import RemittanceReceived
from rcm_schemas.events.remittance import ClaimPaid, MatchRemittanceLine, PaymentPosted
from rcm_schemas.samples import sample_events
from rcm_x12 import read_835

TENANT = "clinic-a"
HEADERS = headers_for_tenant(TENANT)
D = Decimal


def claim_submitted(claim_id: str, code: str, charge: str, control: str) -> ClaimSubmitted:
    template = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    line = ClaimLine(line_number=1, procedure_code=code, charge_amount=D(charge), line_control_number=control)
    return template.model_copy(
        update={
            "claim_id": claim_id,
            "encounter_id": f"enc-{claim_id}",
            "lines": (line,),
            "total_charge": D(charge),
        }
    )


def paid_file(claim_id: str, trace: str) -> str:
    claim = clp(claim_id, "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="E1"),))
    return file_of(remittance((claim,), trace=trace))


def received(text: str) -> RemittanceReceived:
    return received_from_upload(read_835(text), text, None).model_copy(update={"source": "simulator"})


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


async def test_a_delivered_835_is_posted_through_the_consumer(wired: InMemoryService, world: Any) -> None:
    await wired.deliver(claim_submitted("CLM-E1", "99213", "100.00", "E1"), tenant_id=TENANT)
    await wired.deliver(received(paid_file("CLM-E1", "CHK-E1")), tenant_id=TENANT)

    assert [type(e) for e in world.events()] == [PaymentPosted, ClaimPaid]
    assert world.events(ClaimPaid)[0].encounter_id == "enc-CLM-E1"
    assert wired.dead_letters() == []


async def test_a_malformed_835_is_dead_lettered_with_segment_and_position(
    wired: InMemoryService, world: Any
) -> None:
    good = paid_file("CLM-E2", "CHK-E2")
    corrupted = good.replace("SVC*HC:99213*100*80", "SVC*HC:99213*1O0*80")
    position = next(i for i, s in enumerate(corrupted.split("~"), start=1) if "1O0*" in s)

    await wired.deliver(received(good).model_copy(update={"x12_835": corrupted}), tenant_id=TENANT)

    [letter] = wired.dead_letters()
    assert letter["reason_kind"] == "permanent"
    assert f"segment SVC at position {position}" in letter["reason"] and "nothing posted" in letter["reason"]
    assert world.events(PaymentPosted) == [] and world.ledger.entries == {}


async def test_a_late_claim_submitted_has_its_waiting_payment_matched(
    wired: InMemoryService, world: Any
) -> None:
    await wired.deliver(received(paid_file("CLM-E3", "CHK-E3")), tenant_id=TENANT)
    await wired.deliver(claim_submitted("CLM-E3", "99213", "100.00", "E1"), tenant_id=TENANT)
    [command] = [m for m in world.publisher.messages if isinstance(m.payload, MatchRemittanceLine)]

    await wired.deliver_message(command)
    await wired.deliver_message(command)  # redelivered: applied once

    assert [e.claim_id for e in world.events(ClaimPaid)] == ["CLM-E3"]
    async with wired.http() as http:
        assert (await http.get("/unmatched", headers=HEADERS)).json() == {"items": []}


async def test_the_read_routes_answer_what_the_queries_computed(wired: InMemoryService, world: Any) -> None:
    await wired.deliver(claim_submitted("CLM-E4", "99213", "100.00", "E1"), tenant_id=TENANT)
    unknown = clp("CLM-NOT-OURS", "1", (svc("99212", "70.00", "50.00", (cas("CO", "45", "20.00"),)),))
    known = read_835(paid_file("CLM-E4", "X"))[0].claims[0]
    text = file_of(remittance((known, unknown), trace="CHK-E4"))
    await wired.deliver(received(text), tenant_id=TENANT)
    [stored] = world.remittances.store.documents
    key = stored.split("|", 1)[1]  # stored under the tenant; the public key is the 835's own

    async with wired.http() as http:
        remittance_view = await http.get(f"/remittances/{key}", headers=HEADERS)
        ledger = await http.get("/claims/CLM-E4/ledger", headers=HEADERS)
        balance = await http.get("/claims/CLM-E4/balance", headers=HEADERS)
        queue = await http.get("/unmatched", headers=HEADERS)
        other_tenant = await http.get(f"/remittances/{key}", headers=headers_for_tenant("clinic-b"))
        bad_tenant = await http.get(f"/remittances/{key}", headers=headers_for_tenant("no spaces!"))

    # The response models add a schema and drop nothing the queries computed.
    assert remittance_view.json() == as_json(await world.queries.remittance(key, TENANT))
    assert remittance_view.json()["reconciliation"]["unmatched_payment_total"] == "50.00"
    claim_ledger = await world.queries.claim_ledger("CLM-E4", TENANT)
    assert ledger.json() == as_json(claim_ledger) and balance.json() == claim_ledger["balance"]
    assert queue.json() == {"items": as_json(await world.queries.open_items(TENANT))}
    assert other_tenant.status_code == 404
    # A token naming a malformed tenant is not a valid token at all.
    assert bad_tenant.status_code == 401 and "WWW-Authenticate" in bad_tenant.headers


async def test_an_upload_is_published_once_per_idempotency_key_and_a_bad_one_names_the_file(
    wired: InMemoryService, world: Any
) -> None:
    text = paid_file("CLM-E5", "CHK-E5")
    async with wired.http() as http:
        first = await http.post("/remittances", content=text, headers={**HEADERS, "Idempotency-Key": "up-1"})
        second = await http.post("/remittances", content=text, headers={**HEADERS, "Idempotency-Key": "up-1"})
        empty = await http.post("/remittances", content=" ", headers=HEADERS)
        truncated = await http.post("/remittances", content=text[: len(text) * 2 // 3], headers=HEADERS)

    assert first.status_code == second.status_code == 202
    assert first.json() == second.json() and first.json()["remittance_keys"] == ["835:ACME01:CHK-E5"]
    uploads = [m for m in world.publisher.messages if isinstance(m.payload, RemittanceReceived)]
    assert {str(m.envelope.event_id) for m in uploads} == {first.json()["event_id"]}
    assert uploads[0].payload.source == "upload"
    for refused in (empty, truncated):
        assert refused.status_code == 422
        [problem] = refused.json()["detail"]
        assert problem["loc"] == ["body", "file"] and set(problem) == {"type", "loc", "msg"}


async def test_a_match_request_answers_202_then_409_and_names_the_unknown_field(
    wired: InMemoryService, world: Any
) -> None:
    await wired.deliver(received(paid_file("CLM-E6", "CHK-E6")), tenant_id=TENANT)
    [item] = await world.unmatched.open_items(TENANT)  # an unknown claim, matched by hand once it is known
    await world.known_claims.remember(known_from(item.claim), tenant_id=TENANT, payer_id="ACME01")
    url = f"/unmatched/{item.item_id}/match"
    async with wired.http() as http:
        unknown_claim = await http.post(url, json={"claim_id": "CLM-NOPE"}, headers=HEADERS)
        no_line = await http.post(url, json={"claim_id": "CLM-E6", "line_number": 9}, headers=HEADERS)
        missing = await http.post("/unmatched/nope/match", json={"claim_id": "CLM-E6"}, headers=HEADERS)
        accepted = await http.post(url, json={"claim_id": "CLM-E6"}, headers=HEADERS)
        [command] = [m for m in world.publisher.messages if isinstance(m.payload, MatchRemittanceLine)]
        await wired.deliver_message(command)
        again = await http.post(url, json={"claim_id": "CLM-E6"}, headers=HEADERS)

    assert unknown_claim.status_code == 422 and unknown_claim.json()["detail"][0]["loc"] == [
        "body",
        "claim_id",
    ]
    assert no_line.status_code == 422 and no_line.json()["detail"][0]["loc"] == ["body", "line_number"]
    assert missing.status_code == 404
    assert accepted.status_code == 202 and accepted.json() == {"command_id": str(command.envelope.event_id)}
    assert again.status_code == 409
    assert [e.claim_id for e in world.events(ClaimPaid)] == ["CLM-E6"]
