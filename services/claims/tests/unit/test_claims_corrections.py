from datetime import UTC, datetime

import pytest
import rcm_x12
from rcm_claims.bench import TRANSMISSION
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import AddModifier, ChangePlaceOfService, ChangeUnits
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.sample_claims import sample_claim, sample_line
from rcm_claims.service.corrections import request_correction
from rcm_claims.service.payer_events import record_payer_event
from rcm_claims.service.scrubbing import scrub_claim, submit_claim
from rcm_schemas.events.claims import ClaimSubmitted

AT = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
CONTROLS = rcm_x12.ControlNumbers(7, 7, 7)


@pytest.fixture
def denied(context: ScrubContext) -> ClaimRecord:
    """A claim for 20610 + 99213-25 that was submitted, acknowledged and denied."""
    claim = sample_claim(
        sample_line(1, "20610"), sample_line(2, "99213", modifiers=("25",)), prior_authorization_number="PA1"
    )
    record = scrub_claim(ClaimRecord(claim=claim), context, event_id="s1", at=AT, work_item_id="WI1").record
    record = submit_claim(record, transmission=TRANSMISSION, controls=CONTROLS, event_id="s2", at=AT).record
    record = record_payer_event(
        record, ClaimEvent.ACKNOWLEDGED, event_id="a1", at=AT, payer_claim_control_number="PAYER-ICN-42"
    ).record
    record = record_payer_event(record, ClaimEvent.DENIED, event_id="d1", at=AT).record
    assert record.status is ClaimStatus.DENIED
    return record


def _correct(record: ClaimRecord, context: ScrubContext, event_id: str, fixes: list) -> object:
    return request_correction(
        record,
        fixes,
        context,
        correction_id=f"C-{event_id}",
        replacement_claim_id="CLM1R1",
        transmission=TRANSMISSION,
        controls=CONTROLS,
        event_id=event_id,
        at=AT,
    )


def test_replacement_claim_has_frequency_7_and_the_payers_original_number(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = _correct(denied, context, "c1", [ChangePlaceOfService(place_of_service="22")])
    assert decision.outcome == "applied"
    assert decision.original.status is ClaimStatus.REPLACED
    assert decision.original.replaced_by_claim_id == "CLM1R1"
    replacement = decision.replacement
    assert replacement.status is ClaimStatus.SUBMITTED
    assert replacement.claim.frequency_code == "7"
    assert replacement.claim.payer_claim_control_number == "PAYER-ICN-42"
    assert replacement.claim.original_claim_id == denied.claim_id
    (event,) = decision.events
    assert isinstance(event, ClaimSubmitted) and event.frequency_code == "7"
    assert "CLM*CLM1R1*" in event.x12_837p and ":B:7*" in event.x12_837p
    assert "REF*F8*PAYER-ICN-42~" in event.x12_837p


def test_identical_second_correction_does_nothing(denied: ClaimRecord, context: ScrubContext) -> None:
    fixes = [ChangePlaceOfService(place_of_service="22")]
    first = _correct(denied, context, "c1", fixes)
    second = _correct(first.original, context, "c2", fixes)  # a new request id, same changes
    assert second.outcome == "duplicate"
    assert second.replacement is None and second.events == () and second.original == first.original


def test_correction_that_changes_nothing_is_never_resubmitted(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = _correct(denied, context, "c1", [AddModifier(line_number=2, modifier="25")])  # already there
    assert decision.outcome == "refused" and decision.events == ()
    assert decision.original.status is ClaimStatus.DENIED


def test_replacement_is_rescrubbed_and_held_when_the_fix_breaks_a_rule(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = _correct(
        denied, context, "c1", [ChangeUnits(line_number=1, units=3)]
    )  # 20610 MUE is 2 per line
    assert decision.replacement.status is ClaimStatus.HELD
    assert [event.EVENT_TYPE for event in decision.events] == ["ClaimHeld"]
    assert decision.replacement.claim.lines[0].charge == denied.claim.lines[0].charge * 3
