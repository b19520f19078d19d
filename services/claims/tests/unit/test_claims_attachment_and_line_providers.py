"""A denial answered with paperwork (add_attachment: the replacement claim carries the PWK) and a line's own
clinicians from EncounterCoded v2 onto the claim, the 837P model and the referral rule."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import get_args

import pytest
import rcm_x12
from rcm_claims.adapters.encounter_translation import claim_from_encounter
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.adapters.fix_translation import correction_from_fix
from rcm_claims.bench import TRANSMISSION
from rcm_claims.domain.claim import Coverage
from rcm_claims.domain.claim_details import Attachment, NamedClinician
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import AddAttachment, CorrectionError, apply_corrections
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.scrubber import scrub
from rcm_claims.domain.to_x12 import to_x12_claim
from rcm_claims.sample_claims import sample_claim, sample_line
from rcm_claims.service.corrections import request_correction
from rcm_claims.service.payer_events import record_payer_event
from rcm_claims.service.scrubbing import scrub_claim, submit_claim
from rcm_schemas.events import claim_details as wire_details
from rcm_schemas.events import fixes as wire
from rcm_schemas.events.claim_details import ProviderReference
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.samples import sample_events
from rcm_x12 import refusals837p

AT = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
CONTROLS = rcm_x12.ControlNumbers(7, 7, 7)
PROGRESS_NOTES = Attachment(report_type="09", transmission_code="FX", control_number="ACN-0042")
ORDERING = ProviderReference(npi="1003000126", provider_last_name="Orderer", provider_first_name="Olga")
HMO = Coverage(payer_id="FBHMO", payer_name="FABRIKAM HMO", member_id="FBX12345678")


@pytest.fixture
def denied(context: ScrubContext) -> ClaimRecord:
    claim = sample_claim(sample_line(1, "99213"))
    record = scrub_claim(ClaimRecord(claim=claim), context, event_id="s1", at=AT, work_item_id="WI1").record
    record = submit_claim(record, transmission=TRANSMISSION, controls=CONTROLS, event_id="s2", at=AT).record
    record = record_payer_event(
        record, ClaimEvent.ACKNOWLEDGED, event_id="a1", at=AT, payer_claim_control_number="PAYER-ICN-7"
    ).record
    record = record_payer_event(record, ClaimEvent.DENIED, event_id="d1", at=AT).record
    assert record.status is ClaimStatus.DENIED
    return record


def test_the_wire_fix_becomes_an_attachment_correction() -> None:
    on_request = correction_from_fix(wire.AddAttachment(report_type="B3", transmission_code="AA"))
    assert on_request == AddAttachment(attachment=Attachment(report_type="B3", transmission_code="AA"))
    faxed = correction_from_fix(
        wire.AddAttachment(report_type="09", transmission_code="FX", control_number="ACN-0042")
    )
    assert faxed == AddAttachment(attachment=PROGRESS_NOTES)


def test_a_denial_answered_with_paperwork_is_replaced_with_its_pwk(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = request_correction(
        denied,
        [AddAttachment(attachment=PROGRESS_NOTES)],
        context,
        correction_id="C-1",
        replacement_claim_id="CLM1R1",
        transmission=TRANSMISSION,
        controls=CONTROLS,
        event_id="c1",
        at=AT,
    )
    assert decision.outcome == "applied"
    replacement = decision.replacement
    assert replacement.status is ClaimStatus.SUBMITTED and replacement.claim.attachments == (PROGRESS_NOTES,)
    (event,) = decision.events
    assert isinstance(event, ClaimSubmitted) and event.frequency_code == "7"
    assert "PWK*09*FX***AC*ACN-0042~" in event.x12_837p and "REF*F8*PAYER-ICN-7~" in event.x12_837p


def test_the_same_attachment_twice_is_kept_once_and_an_eleventh_is_refused() -> None:
    claim = sample_claim(sample_line(1, "99213"))
    twice = apply_corrections(claim, [AddAttachment(attachment=PROGRESS_NOTES)] * 2)
    assert twice.attachments == (PROGRESS_NOTES,)
    full = claim.model_copy(
        update={
            "attachments": tuple(
                Attachment(report_type="09", transmission_code="EL", control_number=f"ACN{n:02}")
                for n in range(10)
            )
        }
    )
    with pytest.raises(CorrectionError, match="attachments"):
        apply_corrections(full, [AddAttachment(attachment=PROGRESS_NOTES)])


def _coded_with_a_lab_line() -> EncounterCoded:
    encounter = next(event for event in sample_events() if type(event) is EncounterCoded)
    lab = encounter.lines[0].model_copy(
        update={"line_number": 9, "procedure_code": "85025", "modifiers": (), "ordering_provider": ORDERING}
    )
    return encounter.model_copy(update={"lines": (*encounter.lines, lab)})


def test_a_lines_ordering_provider_reaches_the_claim_and_the_837p_model() -> None:
    claim = claim_from_encounter(_coded_with_a_lab_line(), "clinic-sunrise", ClinicFeeSchedule())
    lab = claim.lines[-1]
    assert lab.ordering_provider == NamedClinician(npi="1003000126", last_name="Orderer", first_name="Olga")
    assert lab.referring_provider is None and claim.lines[0].ordering_provider is None
    x12_lab = to_x12_claim(claim).lines[-1]
    assert x12_lab.ordering_provider == rcm_x12.NamedProvider("Orderer", "1003000126", "Olga")
    assert x12_lab.rendering_provider is None and x12_lab.supervising_provider is None


def test_a_line_level_referring_provider_answers_the_referral_rule(context: ScrubContext) -> None:
    line = sample_line(1, "90791").model_copy(update={"charge": Decimal("40.00")})
    claim = sample_claim(line, coverage=HMO)
    assert [f.rule_id for f in scrub(claim, context).blocking] == ["payer.referral_missing"]
    referrer = NamedClinician(npi="1003000126", last_name="REFERRER", first_name="RITA")
    referred = claim.replace_line(line.model_copy(update={"referring_provider": referrer}))
    assert scrub(referred, context).passed
    assert to_x12_claim(referred).lines[0].referring_provider == rcm_x12.NamedProvider(
        "REFERRER", "1003000126", "RITA"
    )


def test_the_door_and_the_writer_accept_the_same_pwk_codes() -> None:
    # rcm_schemas cannot import rcm_x12 (the contracts depend on pydantic alone), so the lists are kept twice.
    assert wire_details.ATTACHMENT_REPORT_TYPES == refusals837p.ATTACHMENT_REPORT_TYPES
    assert set(get_args(wire_details.AttachmentTransmission)) == refusals837p.ATTACHMENT_TRANSMISSIONS
