"""An underpayment (issue #21): the payer allows an office visit 5% below the clinic's contract; remittance finds
it against the contract as it posts the 835, denials puts it in the appeals queue with a letter quoting the
contract, the back office appeals, the payer reprocesses the claim, and the difference is recovered."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from e2e_visits import office_visit
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.phi_guard import remember_phi
from rcm_platform.testing.waiting import wait_for
from rcmctl.workload import sign_in
from rcmctl.workload.encounters import PlannedEncounter
from rcmctl.workload.run import run_workload

pytestmark = pytest.mark.stack


def _visit() -> PlannedEncounter:
    return office_visit("NWHP1")


async def test_an_underpaid_visit_is_found_appealed_and_recovered(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    fleet.env.update(
        {
            "RCM_CLEARINGHOUSE_PAYER_DENIAL_RATES": json.dumps({"NWHP1": "0"}),
            "RCM_CLEARINGHOUSE_UNDERPAID_CODES": json.dumps({"NWHP1": ["99214"]}),
        }
    )
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=1,
        seed=21,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=240,
        plans=[_visit()],
    )
    assert result.tracker is not None and result.settled
    (found_message,) = result.tracker.events.of("UnderpaymentFound")
    found: Any = found_message.payload
    (line,) = found.lines
    assert line.procedure_code == "99214" and found.payer_id == "NWHP1"
    assert line.underpaid_amount == line.expected_amount - line.allowed_amount > 0
    # 5% under the contract, to the cent (the payer's allowed is the contract less 5%)
    assert line.underpaid_amount == (line.expected_amount * Decimal("0.05")).quantize(Decimal("0.01"))
    assert "NWHP1" in found.contract
    (appeal,) = [
        m.payload for m in result.tracker.events.of("AppealFiled") if m.payload.claim_id == found.claim_id
    ]  # type: ignore[attr-defined]
    assert appeal.amount_appealed == found.underpaid_amount
    reader = headers_for_tenant(found_message.envelope.tenant_id)

    async with httpx.AsyncClient(timeout=30) as client:
        letter = await client.get(f"{urls['denials']}/appeals/{appeal.appeal_id}/letter", headers=reader)
        assert letter.status_code == 200
        assert found.contract in letter.text and f"underpaid ${line.underpaid_amount}" in letter.text

        async def recovered() -> bool:
            await client.post(
                f"{urls['clearinghouse']}/simulator/advance", json={"days": 1}, headers=sign_in.payer_clock()
            )
            view = (
                await client.get(f"{urls['remittance']}/claims/{found.claim_id}/ledger", headers=reader)
            ).json()
            paid = Decimal(view["balance"]["payer_payments"])
            return paid == found.paid_amount + found.underpaid_amount

        await wait_for(recovered, 180, what="the corrected payment posted")
        view = (
            await client.get(f"{urls['remittance']}/claims/{found.claim_id}/ledger", headers=reader)
        ).json()
        balance = view["balance"]
        paid, contractual, to_patient, charges = (
            Decimal(balance[name])
            for name in ("payer_payments", "contractual_adjustments", "transferred_to_patient", "charges")
        )
        assert paid + contractual + to_patient == charges  # the reprocessed claim reconciles to the cent
        assert Decimal(balance["insurance_balance"]) == Decimal("0.00")
        assert {e["claim_status"] for e in view["entries"]} >= {"1", "22"}  # the first payment was reversed
        for key in {entry["remittance_key"] for entry in view["entries"]}:
            remit = (await client.get(f"{urls['remittance']}/remittances/{key}", headers=reader)).json()
            assert remit["reconciliation"]["balanced"], key

        async def case_resolved() -> bool:
            case = (await client.get(f"{urls['denials']}/denials/{found.claim_id}", headers=reader)).json()
            return bool(case["status"] == "resolved")

        await wait_for(case_resolved, 60, what="the underpayment case resolved by the corrected payment")
        analytics = await client.get(f"{urls['denials']}/analytics/underpayments", headers=reader)
        case = (await client.get(f"{urls['denials']}/denials/{found.claim_id}", headers=reader)).json()
        assert analytics.json()["by_payer"], (case["decision"], case["history"])
        by_payer = analytics.json()["by_payer"]["NWHP1"]
        assert Decimal(by_payer["found"]) == Decimal(by_payer["recovered"]) == found.underpaid_amount
