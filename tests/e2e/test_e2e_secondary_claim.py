"""A patient with two coverages (issue #21): Medicare pays part, the secondary 837P goes out from Medicare's 835
(pyx12-clean, with the primary's adjudication), the supplement pays, and the patient owes only the rest; the
visit's one account reconciles to the cent and both 835s balance."""

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
from rcm_x12.pyx12_validation import pyx12_problems
from rcmctl.workload import sign_in
from rcmctl.workload.encounters import PlannedEncounter
from rcmctl.workload.run import run_workload

pytestmark = pytest.mark.stack


def _visit() -> PlannedEncounter:
    return office_visit("MCR01", secondary_payer_id="CCPPO")


def _money(view: dict[str, Any], *names: str) -> list[Decimal]:
    return [Decimal(view[name]) for name in names]


async def test_the_secondary_pays_what_the_primary_left_and_the_patient_owes_only_the_rest(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    fleet.env.update({"RCM_CLEARINGHOUSE_PAYER_DENIAL_RATES": json.dumps({"MCR01": "0", "CCPPO": "0"})})
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
        settle_timeout_s=180,
        plans=[_visit()],
    )
    assert result.tracker is not None and result.settled
    (primary,) = [
        m for m in result.tracker.events.of("ClaimSubmitted") if m.payload.coverage_order == "primary"
    ]  # type: ignore[attr-defined]
    primary_id = primary.payload.claim_id  # type: ignore[attr-defined]
    reader = headers_for_tenant(primary.envelope.tenant_id)

    async with httpx.AsyncClient(timeout=30) as client:

        async def ledger(claim_id: str) -> dict[str, Any]:
            response = await client.get(f"{urls['remittance']}/claims/{claim_id}/ledger", headers=reader)
            return dict(response.json()) if response.status_code == 200 else {}

        async def secondary_paid() -> bool:
            await client.post(
                f"{urls['clearinghouse']}/simulator/advance", json={"days": 1}, headers=sign_in.payer_clock()
            )
            view = await ledger(primary_id)
            return (
                len(view.get("balance", {}).get("claim_ids", [])) == 2
                and {e["payer_id"] for e in view["entries"]} >= {"MCR01"}
                and any(
                    e["payer_id"] == "CCPPO" and e["kind"] == "payment"
                    for e in (await ledger(view["balance"]["claim_ids"][1])).get("entries", [])
                )
            )

        await wait_for(secondary_paid, 180, what="the secondary claim paid")
        view = await ledger(primary_id)
        secondary_id = view["balance"]["claim_ids"][1]

        # The secondary 837P: sent to the supplement, carrying Medicare's adjudication, pyx12-clean.
        secondary = (await client.get(f"{urls['claims']}/claims/{secondary_id}", headers=reader)).json()
        x12 = secondary["x12_837p"]
        assert secondary["claim"]["coverage"]["payer_id"] == "CCPPO"
        assert pyx12_problems(x12) == []
        assert "SBR*S*" in x12 and "AMT*D*" in x12 and "SVD*MCR01*" in x12 and "DTP*573*" in x12

        # One account for the visit, whichever claim id is asked; to the cent.
        primary_entries = view["entries"]
        medicare_paid = sum(
            (Decimal(e["amount"]) for e in primary_entries if e["kind"] == "payment"), Decimal(0)
        )
        medicare_share = sum(
            (Decimal(e["amount"]) for e in primary_entries if e["kind"] == "patient_responsibility"),
            Decimal(0),
        )
        secondary_view = await ledger(secondary_id)
        supplement_paid = sum(
            (Decimal(e["amount"]) for e in secondary_view["entries"] if e["kind"] == "payment"), Decimal(0)
        )
        assert medicare_paid > 0 and medicare_share > 0 and supplement_paid > 0
        for balance in (view["balance"], secondary_view["balance"]):
            assert balance["claim_ids"] == [primary_id, secondary_id]
            charges, paid, contractual, to_patient, other, insurance, patient = _money(
                balance,
                "charges",
                "payer_payments",
                "contractual_adjustments",
                "transferred_to_patient",
                "other_adjustments",
                "insurance_balance",
                "patient_balance",
            )
            assert paid == medicare_paid + supplement_paid  # both payers, each once
            assert other == Decimal(
                "0.00"
            )  # the supplement's OA-23 restates Medicare's answer: not counted twice
            assert insurance == Decimal("0.00") and Decimal(balance["held_for_next_payer"]) == Decimal("0.00")
            assert patient == to_patient == medicare_share - supplement_paid  # the patient owes only the rest
            assert paid + contractual + to_patient == charges
        for key in {e["remittance_key"] for e in primary_entries + secondary_view["entries"]}:
            remit = (await client.get(f"{urls['remittance']}/remittances/{key}", headers=reader)).json()
            assert remit["reconciliation"]["balanced"], key


async def test_a_medicare_crossover_is_not_sent_twice_and_the_partner_answers_under_the_same_claim(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    fleet.env.update({"RCM_CLEARINGHOUSE_PAYER_DENIAL_RATES": json.dumps({"MCR01": "0", "MCD01": "0"})})
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    dual_eligible = office_visit("MCR01", secondary_payer_id="MCD01")
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=1,
        seed=22,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=180,
        plans=[dual_eligible],
    )
    assert result.tracker is not None and result.settled
    (primary,) = result.tracker.events.of("ClaimSubmitted")  # the clinic sends Medicare's claim only
    claim_id = primary.payload.claim_id  # type: ignore[attr-defined]
    assert primary.payload.next_payer_id == "MCD01"  # type: ignore[attr-defined]
    reader = headers_for_tenant(primary.envelope.tenant_id)

    async with httpx.AsyncClient(timeout=30) as client:

        async def ledger() -> dict[str, Any]:
            return dict(
                (await client.get(f"{urls['remittance']}/claims/{claim_id}/ledger", headers=reader)).json()
            )

        async def partner_answered() -> bool:
            await client.post(
                f"{urls['clearinghouse']}/simulator/advance", json={"days": 1}, headers=sign_in.payer_clock()
            )
            return any(e["payer_id"] == "MCD01" for e in (await ledger()).get("entries", []))

        await wait_for(partner_answered, 180, what="Medicaid's answer to the forwarded claim")
        view = await ledger()
        statuses = {(e["payer_id"], e["claim_status"]) for e in view["entries"]}
        assert statuses >= {("MCR01", "19"), ("MCD01", "2")}
        balance = view["balance"]
        assert balance["claim_ids"] == [claim_id]  # no claim of ours went to Medicaid
        entries = view["entries"]
        medicare_share = sum(
            (
                Decimal(e["amount"])
                for e in entries
                if e["payer_id"] == "MCR01" and e["kind"] == "patient_responsibility"
            ),
            Decimal(0),
        )
        medicaid_paid = sum(
            (Decimal(e["amount"]) for e in entries if e["payer_id"] == "MCD01" and e["kind"] == "payment"),
            Decimal(0),
        )
        charges, paid, contractual, to_patient, other, insurance = _money(
            balance,
            "charges",
            "payer_payments",
            "contractual_adjustments",
            "transferred_to_patient",
            "other_adjustments",
            "insurance_balance",
        )
        assert other == Decimal("0.00") and insurance == Decimal("0.00")
        assert to_patient == medicare_share - medicaid_paid
        assert paid + contractual + to_patient == charges
    submitted = [m for m in result.tracker.events.of("ClaimSubmitted") if m.payload.claim_id != claim_id]  # type: ignore[attr-defined]
    assert submitted == []
