from datetime import UTC, datetime
from decimal import Decimal

import pytest
import rcm_x12
from rcm_claims.bench import TRANSMISSION
from rcm_claims.domain.claim import Coverage
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import (
    AddModifier,
    ChangeDiagnosisPointers,
    ChangePlaceOfService,
    ChangeProcedureCode,
    ChangeUnits,
    ReplaceDiagnosis,
    SetDiagnoses,
    UpdateRegistrationData,
    priced,
)
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


CONTOSO = Coverage(payer_id="CCPPO", payer_name="CONTOSO COMMERCIAL PPO", member_id="CCP9876543201")


def test_coverage_corrected_to_another_payer_rebills_a_new_original_claim(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = _correct(denied, context, "c1", [UpdateRegistrationData(coverage=CONTOSO)])
    assert decision.outcome == "applied"
    new_claim = decision.replacement.claim
    assert (new_claim.frequency_code, new_claim.payer_claim_control_number) == ("1", "")
    assert new_claim.coverage.payer_id == "CCPPO" and new_claim.original_claim_id == denied.claim_id
    assert decision.replacement.status is ClaimStatus.SUBMITTED
    # The original is closed, linked to its successor, and says why.
    assert decision.original.status is ClaimStatus.REPLACED
    assert decision.original.replaced_by_claim_id == "CLM1R1"
    last = decision.original.state.history[-1]
    assert last.event is ClaimEvent.REBILLED and last.details["reason"] == "rebilled to CCPPO"
    (event,) = decision.events
    assert isinstance(event, ClaimSubmitted)
    assert (event.frequency_code, event.payer_id, event.payer_claim_control_number) == ("1", "CCPPO", None)
    assert event.original_claim_id == denied.claim_id
    assert "REF*F8" not in event.x12_837p and ":B:1*" in event.x12_837p
    assert "*PI*CCPPO~" in event.x12_837p


def test_the_denials_payer_number_is_not_sent_to_a_new_payer(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = request_correction(
        denied,
        [UpdateRegistrationData(coverage=CONTOSO)],
        context,
        correction_id="C-c1",
        replacement_claim_id="CLM1R1",
        transmission=TRANSMISSION,
        controls=CONTROLS,
        event_id="c1",
        at=AT,
        payer_claim_control_number="OLD-PAYER-ICN",
    )
    assert decision.replacement.claim.frequency_code == "1"
    assert "OLD-PAYER-ICN" not in decision.events[0].x12_837p


def test_corrected_member_id_with_the_same_payer_is_still_a_replacement(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    same_payer = denied.claim.coverage.model_copy(update={"member_id": "NWH000000001"})
    decision = _correct(denied, context, "c1", [UpdateRegistrationData(coverage=same_payer)])
    assert decision.replacement.claim.frequency_code == "7"
    assert decision.replacement.claim.payer_claim_control_number == "PAYER-ICN-42"
    assert decision.original.state.history[-1].event is ClaimEvent.REPLACED


def test_a_diagnosis_is_replaced_at_its_position(denied: ClaimRecord, context: ScrubContext) -> None:
    decision = _correct(denied, context, "c1", [ReplaceDiagnosis(position=1, diagnosis_code="m17.11")])
    assert decision.outcome == "applied"
    assert decision.replacement.claim.diagnoses[0] == "M1711"
    assert "HI*ABK:M1711" in decision.events[0].x12_837p


def test_a_diagnosis_position_past_the_list_is_refused(denied: ClaimRecord, context: ScrubContext) -> None:
    position = len(denied.claim.diagnoses) + 1
    decision = _correct(denied, context, "c1", [ReplaceDiagnosis(position=position, diagnosis_code="M1711")])
    assert decision.outcome == "refused" and "position" in decision.reason
    assert decision.original.status is ClaimStatus.DENIED and decision.events == ()


def test_a_malformed_diagnosis_code_is_refused_naming_the_field(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = _correct(denied, context, "c1", [ReplaceDiagnosis(position=1, diagnosis_code="17.11")])
    assert decision.outcome == "refused" and decision.reason.startswith("diagnosis_code")


def test_the_diagnosis_list_is_set_when_every_pointer_still_fits(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    decision = _correct(denied, context, "c1", [SetDiagnoses(diagnoses=("M1711", "I10"))])
    assert decision.outcome == "applied" and decision.replacement.claim.diagnoses == ("M1711", "I10")


def test_a_shorter_diagnosis_list_that_strands_a_pointer_is_refused(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    pointing_at_two = _correct(
        denied, context, "c0", [ChangeDiagnosisPointers(line_number=2, diagnosis_pointers=(2,))]
    )
    assert pointing_at_two.outcome == "applied"
    fresh = denied.model_copy(update={"claim": pointing_at_two.replacement.claim})
    decision = _correct(fresh, context, "c1", [SetDiagnoses(diagnoses=("M1711",))])
    assert decision.outcome == "refused" and "line 2: diagnosis_pointers [2]" in decision.reason


def test_a_pointer_past_the_list_is_refused(denied: ClaimRecord, context: ScrubContext) -> None:
    decision = _correct(
        denied, context, "c1", [ChangeDiagnosisPointers(line_number=1, diagnosis_pointers=(9,))]
    )
    assert decision.outcome == "refused" and "diagnosis_pointers [9]" in decision.reason


def test_a_procedure_code_is_changed_and_repriced(denied: ClaimRecord, context: ScrubContext) -> None:
    fix = ChangeProcedureCode(line_number=2, procedure_code="99214", unit_price=Decimal("180.00"))
    decision = _correct(denied, context, "c1", [fix])
    assert decision.outcome == "applied"
    line = decision.replacement.claim.lines[1]
    assert (line.procedure_code, line.modifiers, line.charge) == ("99214", ("25",), Decimal("180.00"))
    assert "SV1*HC:99214:25*180*UN*1" in decision.events[0].x12_837p


def test_a_procedure_code_on_a_missing_line_or_malformed_is_refused(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    missing = _correct(
        denied,
        context,
        "c1",
        [ChangeProcedureCode(line_number=9, procedure_code="99214", unit_price=Decimal(1))],
    )
    malformed = _correct(
        denied,
        context,
        "c2",
        [ChangeProcedureCode(line_number=1, procedure_code="9921", unit_price=Decimal(1))],
    )
    assert missing.outcome == "refused" and "no line 9" in missing.reason
    assert malformed.outcome == "refused" and malformed.reason.startswith("procedure_code")


def test_a_procedure_change_that_breaks_an_ncci_edit_is_held_not_submitted(
    denied: ClaimRecord, context: ScrubContext
) -> None:
    # 99213 with 99211 the same day is an NCCI pair that no modifier opens (indicator 0) in the sample table.
    fix = ChangeProcedureCode(line_number=1, procedure_code="99211", unit_price=Decimal("50.00"))
    decision = _correct(denied, context, "c1", [fix])
    assert decision.replacement.status is ClaimStatus.HELD
    assert [event.EVENT_TYPE for event in decision.events] == ["ClaimHeld"]
    assert any("ncci" in finding.rule_id.lower() for finding in decision.replacement.findings)


def test_a_procedure_change_is_priced_at_the_fee_on_its_lines_date_of_service(denied: ClaimRecord) -> None:
    asked: list[tuple[str, object]] = []

    def fee(code: str, on: object) -> Decimal:
        asked.append((code, on))
        return Decimal("95.00")

    (fix,) = priced([ChangeProcedureCode(line_number=2, procedure_code="99214")], denied.claim, fee)
    assert isinstance(fix, ChangeProcedureCode) and fix.unit_price == Decimal("95.00")
    assert asked == [("99214", denied.claim.lines[1].date_of_service)]


def test_an_unpriced_procedure_change_is_refused(denied: ClaimRecord, context: ScrubContext) -> None:
    decision = _correct(denied, context, "c1", [ChangeProcedureCode(line_number=2, procedure_code="99214")])
    assert decision.outcome == "refused" and decision.reason.startswith("unit_price")
