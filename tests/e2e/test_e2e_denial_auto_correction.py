"""A CARC 4 denial corrected automatically: the replacement claim is submitted and paid by the simulator."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.phi_guard import remember_phi
from rcmctl.workload.encounters import PlannedEncounter, PlannedLine
from rcmctl.workload.run import run_workload

pytestmark = pytest.mark.stack

NOTE = (
    "Established patient seen for hypertension follow-up. Blood pressure elevated at 150/95. Essential "
    "hypertension, continue lisinopril. Labs drawn today. 25 minutes."
)


def _visit_with_labs(index: int) -> PlannedEncounter:
    # Fabrikam's own rule wants 25 on an E/M billed with any other same-day service; CPT does not for labs.
    return PlannedEncounter(
        clinic_key="family",
        index=index,
        payer_id="FBHMO",
        patient_index=index,
        provider_index=0,
        date_of_service=date.today() - timedelta(days=3),
        place_of_service="11",
        telehealth=False,
        telehealth_mode=None,
        patient_location=None,
        note_text=NOTE,
        diagnoses=("I10",),
        lines=(PlannedLine("99213"), PlannedLine("36415"), PlannedLine("85025")),
    )


async def test_a_modifier_denial_is_corrected_resubmitted_and_paid(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=2,
        seed=5,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=180,
        plans=[_visit_with_labs(0), _visit_with_labs(1)],
    )
    assert result.tracker is not None
    events = result.tracker.events
    corrections = [m.payload for m in events.of("CorrectionRequested")]
    assert corrections, "the CO-4 line denial was corrected automatically"
    assert all(
        fix.kind == "add_modifier" and fix.modifier == "25"  # type: ignore[attr-defined]
        for c in corrections
        for fix in c.fixes
    )  # type: ignore[attr-defined]
    replacements = {
        m.payload.claim_id: m.payload
        for m in events.of("ClaimSubmitted")  # type: ignore[attr-defined]
        if m.payload.frequency_code == "7"
    }  # type: ignore[attr-defined]
    assert replacements, "a replacement claim (frequency 7) was submitted"
    assert all("REF*F8*" in r.x12_837p for r in replacements.values())
    paid = {m.payload.claim_id for m in events.of("ClaimPaid")}  # type: ignore[attr-defined]
    assert set(replacements) <= paid, "the simulator paid every replacement"
    # The biller's view: each corrected original's denial case is closed by its replacement's payment.
    async with httpx.AsyncClient(base_url=urls["denials"], timeout=10) as client:
        for message in events.of("CorrectionRequested"):
            original = message.payload.claim_id  # type: ignore[attr-defined]
            headers = headers_for_tenant(message.envelope.tenant_id)
            case = (await client.get(f"/denials/{original}", headers=headers)).json()
            assert (case["status"], case["outcome"]) == ("resolved", "auto_corrected"), original
            assert Decimal(case["recovered_amount"]) > 0 and Decimal(case["open_amount"]) == 0
