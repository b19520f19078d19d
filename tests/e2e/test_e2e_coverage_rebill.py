"""A CO-27 (coverage ended) denial, the coverage fixed to the right payer, a new claim there, paid; books reconcile.

The simulator is told that Northwind denies every first claim for coverage ended and Contoso pays: the claim to
Northwind comes back CO-27, denials routes it to the front desk queue, the desk's corrected coverage goes to
claims as the denial's resolution, and claims rebills a new original claim (frequency 1, no REF*F8) to Contoso.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from e2e_visits import office_visit
from rcm_platform.auth import Role
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.phi_guard import remember_phi
from rcm_platform.testing.waiting import wait_for
from rcmctl.workload import sign_in
from rcmctl.workload.encounters import PlannedEncounter
from rcmctl.workload.run import run_workload

pytestmark = pytest.mark.stack

RIGHT_COVERAGE = {
    "payer_id": "CCPPO",
    "payer_name": "Contoso Commercial PPO",
    "coverage_order": "primary",
    "member_id": "CCP4455667701",
    "relationship_code": "18",
}
COVERAGE_START = date.today() - timedelta(days=90)
CARD = {name: value for name, value in RIGHT_COVERAGE.items() if name != "payer_name"}
"""What the front desk reads off the card (registration finds the payer's name in its directory)."""


def _visit() -> PlannedEncounter:
    return office_visit("NWHP1", "99213")


def _money(view: dict[str, Any], *names: str) -> list[Decimal]:
    return [Decimal(view[name]) for name in names]


async def _denied_for_coverage(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> tuple[dict[str, str], Any, str]:
    """The fleet's URLs, the CO-27 DenialRouted of the visit's claim to Northwind, and the tenant."""
    fleet = fleet_factory()  # type: ignore[operator]
    fleet.env.update(
        {
            "RCM_CLEARINGHOUSE_PAYER_DENIAL_RATES": json.dumps({"NWHP1": "1", "CCPPO": "0"}),
            "RCM_CLEARINGHOUSE_CAUSE_MIX": json.dumps({"coverage_terminated": "1"}),
        }
    )
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=1,
        seed=11,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=180,
        plans=[_visit()],
    )
    assert result.tracker is not None and result.settled
    (routed,) = [m for m in result.tracker.events.of("DenialRouted")]
    denial: Any = routed.payload
    tenant = routed.envelope.tenant_id
    assert (denial.carc_codes, denial.queue, denial.payer_id) == (("27",), "front_desk", "NWHP1")
    remember_phi(RIGHT_COVERAGE["member_id"])  # the PHI guard then looks for it in every log of the run
    return urls, denial, tenant


async def _rebilled_to_the_right_payer_and_paid(
    client: httpx.AsyncClient, urls: dict[str, str], original: str, reader: dict[str, str]
) -> None:
    """The original closed ("rebilled"), a new frequency-1 claim to Contoso paid, one account that reconciles,
    and the denial case settled by the new claim's payment."""

    async def original_claim() -> dict[str, Any]:
        response = await client.get(f"{urls['claims']}/claims/{original}", headers=reader)
        return dict(response.json())

    async def rebilled() -> bool:
        return (await original_claim())["replaced_by_claim_id"] is not None

    await wait_for(rebilled, 60, what="the original closed and rebilled")
    closed = await original_claim()
    new_id = closed["replaced_by_claim_id"]
    assert closed["status"] == "replaced"
    assert (closed["history"][-1]["event"], closed["history"][-1]["details"]["reason"]) == (
        "rebilled",
        "rebilled to CCPPO",
    )
    new_claim = (await client.get(f"{urls['claims']}/claims/{new_id}", headers=reader)).json()
    assert new_claim["claim"]["frequency_code"] == "1" and new_claim["claim"]["original_claim_id"] == original
    assert new_claim["claim"]["coverage"]["payer_id"] == "CCPPO"
    assert "REF*F8" not in new_claim["x12_837p"] and "*PI*CCPPO~" in new_claim["x12_837p"]

    async def paid_by_the_new_payer() -> bool:
        await client.post(
            f"{urls['clearinghouse']}/simulator/advance", json={"days": 1}, headers=sign_in.payer_clock()
        )
        response = await client.get(f"{urls['remittance']}/claims/{new_id}/ledger", headers=reader)
        return response.status_code == 200 and Decimal(response.json()["balance"]["payer_payments"]) > 0

    await wait_for(paid_by_the_new_payer, 120, what="the rebilled claim paid")

    async def claim_paid() -> bool:  # claims reads the payer's answer from its own topic, in its own time
        claim = (await client.get(f"{urls['claims']}/claims/{new_id}", headers=reader)).json()
        return claim["status"] in ("paid", "partially_paid")

    await wait_for(claim_paid, 60, what="the rebilled claim paid in claims")

    # One account for the visit, whichever claim id is asked: charged once, the old payer's denial gone.
    views = [
        (await client.get(f"{urls['remittance']}/claims/{claim}/ledger", headers=reader)).json()
        for claim in (original, new_id)
    ]
    for view in views:
        balance = view["balance"]
        assert balance["claim_ids"] == [original, new_id]
        charges, paid, contractual, to_patient, patient_balance, insurance = _money(
            balance,
            "charges",
            "payer_payments",
            "contractual_adjustments",
            "transferred_to_patient",
            "patient_balance",
            "insurance_balance",
        )
        assert charges == Decimal(new_claim["total_charge"])
        assert (insurance, Decimal(balance["denied_open"])) == (Decimal("0.00"), Decimal("0.00"))
        assert paid + contractual + to_patient == charges
        assert patient_balance == to_patient and balance["status"] in ("patient_due", "settled")
    assert {entry["payer_id"] for entry in views[1]["entries"]} == {"CCPPO"}
    for key in {entry["remittance_key"] for view in views for entry in view["entries"]}:
        remit = (await client.get(f"{urls['remittance']}/remittances/{key}", headers=reader)).json()
        assert remit["reconciliation"]["balanced"], key

    async def case_settled() -> bool:
        case = (await client.get(f"{urls['denials']}/denials/{original}", headers=reader)).json()
        return bool(case["status"] == "resolved" and Decimal(case["open_amount"]) == 0)

    await wait_for(case_settled, 60, what="the denial case settled by the new claim's payment")


async def test_the_front_desk_fixes_the_coverage_at_registration_and_the_rest_follows_by_events(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    urls, denial, tenant = await _denied_for_coverage(fleet_factory, kafka_bootstrap, unique_name)
    original = denial.claim_id
    reader = headers_for_tenant(tenant)
    desk = sign_in.signed_in("front-desk-1", tenant, Role.front_desk)
    async with httpx.AsyncClient(timeout=30) as client:
        # The front desk sees the denial in its own queue (and reads the case) with its own token.
        queue = (await client.get(f"{urls['denials']}/work-queues/front_desk", headers=desk)).json()
        assert [item["claim_id"] for item in queue["items"]] == [original]
        case = await client.get(f"{urls['denials']}/denials/{original}", headers=desk)
        assert case.status_code == 200 and case.json()["work_item"]["rule_id"] == denial.rule_id
        claim = (await client.get(f"{urls['claims']}/claims/{original}", headers=reader)).json()
        encounter_id = claim["claim"]["encounter_id"]

        # It found the patient's current plan and corrects the visit's coverage at registration; the payer
        # confirms it there. Nothing else is posted by anyone: denials, claims and remittance follow by events.
        corrected = await client.post(
            f"{urls['registration']}/encounters/{encounter_id}/coverage-corrections",
            json={"coverage": {**CARD, "effective_date": COVERAGE_START.isoformat()}},
            headers={**desk, "Idempotency-Key": "coverage-fix-1"},
        )
        assert corrected.status_code == 202, corrected.text

        await _rebilled_to_the_right_payer_and_paid(client, urls, original, reader)
        settled = (await client.get(f"{urls['denials']}/denials/{original}", headers=reader)).json()
        resolution = next(entry for entry in settled["history"] if entry["action"] == "request_correction")
        assert resolution["actor"] == "front-desk-1"  # the front desk's correction resolved the item


async def test_a_biller_resolves_the_coverage_denial_with_the_corrected_coverage(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    urls, denial, tenant = await _denied_for_coverage(fleet_factory, kafka_bootstrap, unique_name)
    original = denial.claim_id
    reader = headers_for_tenant(tenant)
    async with httpx.AsyncClient(timeout=30) as client:
        # The front desk told the billing office the patient's current plan; the biller resolves the denial.
        resolved = await client.post(
            f"{urls['denials']}/denials/{original}/resolutions",
            json={
                "work_item_id": denial.work_item_id,
                "resolution": "corrected",
                "fixes": [{"kind": "update_registration_data", "coverage": RIGHT_COVERAGE}],
            },
            headers={**sign_in.signed_in("biller-1", tenant, Role.biller), "Idempotency-Key": "rebill-1"},
        )
        assert resolved.status_code == 202, resolved.text

        await _rebilled_to_the_right_payer_and_paid(client, urls, original, reader)
