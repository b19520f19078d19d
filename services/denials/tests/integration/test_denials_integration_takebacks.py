"""On the real stack: a payment the payer took back with nothing in its place (PaymentTakenBack, as remittance
publishes it) opens exactly one work item in the billing queue, however often it is delivered; the rebilled
claim's payment closes it; no denial KPI counts it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest
from denials_stack_scenarios import claim_id, claim_paid, message_of, send, wait_for_case
from rcm_platform import Service
from rcm_platform.testing.auth import headers_for_tenant
from rcm_schemas.events.remittance import PaymentTakenBack

pytestmark = pytest.mark.stack
TENANT = "clinic-takebacks"
HEADERS = headers_for_tenant(TENANT)


def taken_back(claim: str) -> PaymentTakenBack:
    return PaymentTakenBack(
        claim_id=claim,
        payer_id="NWHP1",
        trace_number="CHK-T1",
        takeback_kind="reversal",
        amount=Decimal("80.00"),
        payer_claim_control_number="ICN-T1",
        taken_back_on=date(2025, 4, 1),
        date_of_service=date(2025, 3, 3),
    )


async def test_a_standalone_takeback_opens_exactly_one_work_item_until_the_rebill_is_paid(
    denials: Service, denials_http: httpx.AsyncClient
) -> None:
    claim = claim_id("takeback")
    first = message_of(taken_back(claim), TENANT)
    re_emitted = message_of(taken_back(claim), TENANT)  # the same takeback under a new event id
    assert re_emitted.envelope.event_id != first.envelope.event_id
    for message in (first, first, re_emitted):
        await send(denials, message)

    state = await wait_for_case(denials, claim, "routed")
    queue = (await denials_http.get("/work-queues/billing", headers=HEADERS)).json()
    [item] = [item for item in queue["items"] if item["claim_id"] == claim]
    assert (item["root_cause"], item["recommended_action"], item["rule_id"]) == (
        "payer_recoupment",
        "review_takeback",
        "DEN-TAKEBACK-REVERSAL",
    )
    assert (item["queue"], item["amount_at_risk"], item["status"]) == ("billing", "80.00", "open")
    assert state["case"]["decision"]["source"] == "payer_takeback"

    # The rebilled claim is paid: the case resolves. Sent after the duplicates on the claim's partition, so by
    # the time it is applied every copy of the takeback has been, and the history shows one routing.
    await send(denials, message_of(claim_paid(claim, "NWHP1", "80.00"), TENANT))
    resolved = await wait_for_case(denials, claim, "resolved")
    actions = [entry["action"] for entry in resolved["case"]["history"]]
    assert actions == ["denied", "route", "payment"]
    assert resolved["case"]["work_item"]["status"] == "done"
    queue = (await denials_http.get("/work-queues/billing", headers=HEADERS)).json()
    assert [i for i in queue["items"] if i["claim_id"] == claim] == []

    report = (await denials_http.get("/analytics", headers=HEADERS)).json()
    assert "payer_recoupment" not in report["denials"]["by_root_cause"]
    assert report["denials"]["resolution_mix"] == {}
