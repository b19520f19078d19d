"""Acceptance on the real stack: a denial answered with paperwork (CorrectionRequested with add_attachment, as
denials sends it after a CO-252 or CO-16 N706) is replaced by a claim whose 837P carries the PWK; a lab line's
ordering clinician from EncounterCoded reaches the 837P as 2420E. Every file passes pyx12."""

from __future__ import annotations

import pytest
from claims_scenarios import (
    acknowledged,
    claim_id_of,
    claims_events,
    coded_encounter,
    correction_requested,
    denied,
    later,
    line,
    publish,
    pyx12_errors,
    wait_for_claim,
)
from rcm_claims.adapters.claim_ids import replacement_claim_id
from rcm_claims.domain.claim_details import Attachment
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_schemas import events as ev
from rcm_schemas.events.claims import ClaimSubmitted

pytestmark = pytest.mark.stack
PAYER_NUMBER = "NWH-PCN-7702"
ORDERING = ev.ProviderReference(npi="1003000126", provider_last_name="Orderer", provider_first_name="Olga")


async def test_a_denial_answered_with_paperwork_is_replaced_with_its_pwk(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    await publish(claims_service, coded_encounter("enc-pwk-1"))
    claim_id = claim_id_of("enc-pwk-1")
    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    interchange = record.state.history[-1].details["interchange_control_number"]
    await publish(claims_service, acknowledged(claim_id, interchange, PAYER_NUMBER), occurred_at=later(1))
    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.ACKNOWLEDGED)
    await publish(
        claims_service, denied(claim_id, PAYER_NUMBER, record.claim.total_charge), occurred_at=later(2)
    )
    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.DENIED)

    paperwork = ev.AddAttachment(report_type="09", transmission_code="FX", control_number="ACN-0042")
    request = correction_requested(claim_id, "cor-pwk-1", PAYER_NUMBER, paperwork)
    await publish(claims_service, request.model_copy(update={"reason_carc": "252"}), occurred_at=later(3))
    new_id = replacement_claim_id(claim_id, "cor-pwk-1")

    replacement = await wait_for_claim(claims_service, new_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    assert replacement.claim.attachments == (
        Attachment(report_type="09", transmission_code="FX", control_number="ACN-0042"),
    )
    submissions = await claims_events(claims_settings, at_least=2, event_type="ClaimSubmitted")
    (resubmitted,) = [m for m in submissions if m.payload.claim_id == new_id]  # type: ignore[attr-defined]
    event = resubmitted.payload
    assert isinstance(event, ClaimSubmitted) and event.frequency_code == "7"
    assert "PWK*09*FX***AC*ACN-0042~" in event.x12_837p and f"REF*F8*{PAYER_NUMBER}~" in event.x12_837p
    assert pyx12_errors(event.x12_837p) == []


async def test_a_lab_lines_ordering_provider_is_written_as_2420e(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    lab = line(2, "85025").model_copy(update={"ordering_provider": ORDERING})
    encounter = coded_encounter("enc-ordering-1", line(1, "99213"), lab)
    encounter = encounter.model_copy(
        update={"facts": encounter.facts.model_copy(update={"clia_number": "14D0987654"})}
    )
    await publish(claims_service, encounter)
    claim_id = claim_id_of("enc-ordering-1")

    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    assert record.claim.lines[1].ordering_provider is not None  # stored and read back
    (submitted,) = await claims_events(claims_settings, event_type="ClaimSubmitted")
    event = submitted.payload
    assert isinstance(event, ClaimSubmitted) and event.claim_id == claim_id
    # 2420E sits after the lab line's SV1 (LX*2), not on the office visit.
    lab_loop = event.x12_837p.split("LX*2~", 1)[1]
    assert "NM1*DK*1*Orderer*Olga****XX*1003000126~" in lab_loop
    assert "NM1*DK" not in event.x12_837p.split("LX*2~", 1)[0]
    assert pyx12_errors(event.x12_837p) == []
