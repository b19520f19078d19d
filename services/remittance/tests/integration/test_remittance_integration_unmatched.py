"""Acceptance on the real stack: lines and claims that match nothing go to the queue; a biller matches one by
hand through the API and it posts as an automatic match would have."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rcm_platform import Service
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.waiting import wait_for
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.service.matching import LATE_CLAIM_MATCHER
from rcm_remittance.settings import RemittanceSettings
from rcm_schemas.events.remittance import ClaimPaid, PaymentPosted
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
D = Decimal


async def test_an_unmatched_line_is_queued_and_matched_by_hand_through_the_api(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service,
        remittance_settings,
        claim_submitted("CLM-UM", [("99213", (), "100.00", "U1"), ("97110", (), "60.00", "U2")]),
    )
    # Line 2 comes back under another code, without its control number and without SVC06: no automatic match.
    claim = clp(
        "CLM-UM",
        "1",
        (
            svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="U1"),
            svc("97112", "60.00", "40.00", (cas("CO", "45", "20.00"),)),
        ),
    )
    stranger = clp("CLM-NOT-OURS", "1", (svc("99212", "70.00", "50.00", (cas("CO", "45", "20.00"),)),))
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((claim, stranger), trace="CHK-UM"))
    )

    view = await posted_remittance(remittance_service, key)
    assert view["unmatched_count"] == 2
    assert view["reconciliation"] == {
        "file_total": "170.00",
        "posted_payment_total": "80.00",
        "unmatched_payment_total": "90.00",
        "provider_adjustment_total": "0.00",
        "difference": "0.00",
        "balanced": True,
    }
    events = await remittance_events(remittance_settings, at_least=2)
    claim_paid = of_claim(events, "CLM-UM")["ClaimPaid"].payload
    assert isinstance(claim_paid, ClaimPaid) and [line.line_number for line in claim_paid.lines] == [1, None]
    assert of_claim(events, "CLM-NOT-OURS") == {}

    async with client(remittance_service) as http:
        items = (await http.get("/unmatched")).json()["items"]
        reasons = {item["reason"]: item for item in items}
        assert set(reasons) == {"no_matching_line", "unknown_claim"}
        line_item = reasons["no_matching_line"]
        assert (line_item["known_claim_id"], line_item["procedure_code"], line_item["paid"]) == (
            "CLM-UM",
            "97112",
            "40.00",
        )
        unknown_claim = await http.post(
            f"/unmatched/{line_item['item_id']}/match", json={"claim_id": "CLM-NOPE", "line_number": 2}
        )
        no_such_line = await http.post(
            f"/unmatched/{line_item['item_id']}/match", json={"claim_id": "CLM-UM", "line_number": 9}
        )
        no_tenant = await http.post(
            f"/unmatched/{line_item['item_id']}/match",
            json={"claim_id": "CLM-UM"},
            headers=headers_for_tenant(""),
        )
        accepted = await http.post(
            f"/unmatched/{line_item['item_id']}/match",
            json={"claim_id": "CLM-UM", "line_number": 2},
        )
        assert unknown_claim.status_code == 422 and unknown_claim.json()["detail"][0]["loc"][-1] == "claim_id"
        assert (
            no_such_line.status_code == 422 and no_such_line.json()["detail"][0]["loc"][-1] == "line_number"
        )
        assert no_tenant.status_code == 401  # a token naming no valid tenant is no token
        assert accepted.status_code == 202 and accepted.json()["command_id"]

        async def resolved() -> bool:
            open_items = (await http.get("/unmatched")).json()["items"]
            return [item["reason"] for item in open_items] == ["unknown_claim"]

        await wait_for(resolved)
        again = await http.post(
            f"/unmatched/{line_item['item_id']}/match", json={"claim_id": "CLM-UM", "line_number": 2}
        )
        assert again.status_code == 409

    events = await remittance_events(remittance_settings, at_least=3)
    postings = [e.payload for e in events if e.envelope.event_type == "PaymentPosted"]
    manual = [p for p in postings if isinstance(p, PaymentPosted) and p.paid_amount == D("40.00")]
    assert len(manual) == 1 and manual[0].claim_id == "CLM-UM" and manual[0].open_balance == D("0.00")
    ledger = await claim_ledger(remittance_service, "CLM-UM")
    assert {(e["line_number"], e["kind"], e["amount"]) for e in ledger["entries"]} == {
        (1, "payment", "80.00"),
        (1, "adjustment", "20.00"),
        (2, "payment", "40.00"),
        (2, "adjustment", "20.00"),
    }
    assert (
        ledger["balance"]["insurance_balance"] == "0.00" and ledger["balance"]["payer_payments"] == "120.00"
    )
    after = await posted_remittance(remittance_service, key)
    assert after["reconciliation"] == {
        "file_total": "170.00",
        "posted_payment_total": "120.00",
        "unmatched_payment_total": "50.00",
        "provider_adjustment_total": "0.00",
        "difference": "0.00",
        "balanced": True,
    }


async def test_a_claim_paid_before_its_claim_submitted_arrived_is_matched_when_it_does(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    # The clearinghouse's 835 and the claims service's ClaimSubmitted travel on different topics: nothing orders
    # them, and under load the payment can be read first.
    late = clp("CLM-LATE", "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="L1"),))
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((late,), trace="CHK-LATE"))
    )
    first = await posted_remittance(remittance_service, key)
    assert first["unmatched_count"] == 1 and first["reconciliation"]["unmatched_payment_total"] == "80.00"

    await send(
        remittance_service, remittance_settings, claim_submitted("CLM-LATE", [("99213", (), "100.00", "L1")])
    )

    async with client(remittance_service) as http:

        async def queue_empty() -> bool:
            return (await http.get("/unmatched")).json()["items"] == []

        await wait_for(queue_empty)
    events = await remittance_events(remittance_settings, at_least=2)
    paid = of_claim(events, "CLM-LATE")["ClaimPaid"].payload
    assert isinstance(paid, ClaimPaid) and paid.paid_amount == D("80.00")
    ledger = await claim_ledger(remittance_service, "CLM-LATE")
    assert ledger["balance"]["payer_payments"] == "80.00" and ledger["balance"]["insurance_balance"] == "0.00"
    after = await posted_remittance(remittance_service, key)
    assert after["reconciliation"]["posted_payment_total"] == "80.00" and after["reconciliation"]["balanced"]
    item = await remittance_service.db["unmatched"].find_one({"state.claim.claim_id": "CLM-LATE"})
    assert item is not None and item["state"]["resolved_by"] == LATE_CLAIM_MATCHER
