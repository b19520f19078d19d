from decimal import Decimal

import pytest
from rcm_denials.domain.classification import classify_denial, classify_line, classify_rejection
from rcm_denials.domain.denial_facts import (
    ClaimCircumstances,
    DenialSource,
    DeniedLine,
    FixKind,
    RecommendedAction,
    RootCause,
    WorkQueue,
)

A, C, Q = RecommendedAction, RootCause, WorkQueue
NONE = ClaimCircumstances()


def line(group: str, carc: str, *rarcs: str, amount: str = "100.00") -> DeniedLine:
    return DeniedLine(
        line_number=1,
        procedure_code="99213",
        group_code=group,
        carc=carc,
        rarcs=rarcs,
        amount=Decimal(amount),
    )


@pytest.mark.parametrize(
    ("denied", "facts", "cause", "action", "queue", "rule_id"),
    [
        (line("CO", "4"), NONE, C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING, "DEN-CARC-4-MODIFIER"),
        (line("CO", "97"), NONE, C.BUNDLING, A.WRITE_OFF, Q.CODING, "DEN-CARC-97-BUNDLED"),
        (line("CO", "236"), NONE, C.BUNDLING, A.CORRECT_AND_RESUBMIT, Q.CODING, "DEN-CARC-236-NCCI-MODIFIER"),
        (line("CO", "29"), NONE, C.TIMELY_FILING, A.WRITE_OFF, Q.BILLING, "DEN-CARC-29-WRITE-OFF"),
        (
            line("CO", "29"),
            ClaimCircumstances(has_proof_of_timely_filing=True),
            C.TIMELY_FILING,
            A.APPEAL,
            Q.APPEALS,
            "DEN-CARC-29-PROOF-OF-FILING",
        ),
        (
            line("CO", "27"),
            NONE,
            C.ELIGIBILITY_REGISTRATION,
            A.CORRECT_AND_RESUBMIT,
            Q.FRONT_DESK,
            "DEN-CARC-27-COVERAGE-ENDED",
        ),
        (
            line("PR", "27"),
            ClaimCircumstances(has_secondary_coverage=True),
            C.ELIGIBILITY_REGISTRATION,
            A.BILL_SECONDARY,
            Q.FRONT_DESK,
            "DEN-CARC-27-OTHER-COVERAGE",
        ),
        (
            line("PR", "1"),
            NONE,
            C.PATIENT_RESPONSIBILITY,
            A.BILL_PATIENT,
            Q.PATIENT_BILLING,
            "DEN-PR-COST-SHARE",
        ),
        (
            line("PR", "2"),
            ClaimCircumstances(has_secondary_coverage=True),
            C.PATIENT_RESPONSIBILITY,
            A.BILL_SECONDARY,
            Q.BILLING,
            "DEN-PR-COST-SHARE-SECONDARY",
        ),
        (line("CO", "50"), NONE, C.MEDICAL_NECESSITY, A.APPEAL, Q.APPEALS, "DEN-CARC-50-MEDICAL-NECESSITY"),
        (line("CO", "18"), NONE, C.DUPLICATE, A.CLOSE_NO_ACTION, Q.BILLING, "DEN-CARC-18-DUPLICATE"),
        (line("CO", "22"), NONE, C.COORDINATION_OF_BENEFITS, A.BILL_SECONDARY, Q.BILLING, "DEN-CARC-22-COB"),
        (line("OA", "23"), NONE, C.COORDINATION_OF_BENEFITS, A.BILL_SECONDARY, Q.BILLING, "DEN-CARC-22-COB"),
        (line("CO", "197"), NONE, C.AUTHORIZATION, A.WRITE_OFF, Q.BILLING, "DEN-CARC-197-NO-AUTH"),
        (
            line("CO", "15"),
            ClaimCircumstances(authorization_on_file=True),
            C.AUTHORIZATION,
            A.APPEAL,
            Q.APPEALS,
            "DEN-CARC-197-AUTH-ON-FILE",
        ),
        (line("CO", "96"), NONE, C.NON_COVERED, A.WRITE_OFF, Q.BILLING, "DEN-CARC-96-NO-ABN"),
        (
            line("CO", "204"),
            ClaimCircumstances(has_abn=True),
            C.NON_COVERED,
            A.BILL_PATIENT,
            Q.PATIENT_BILLING,
            "DEN-CARC-96-ABN-ON-FILE",
        ),
        (
            line("PR", "96"),
            NONE,
            C.NON_COVERED,
            A.BILL_PATIENT,
            Q.PATIENT_BILLING,
            "DEN-CARC-96-PATIENT-LIABLE",
        ),
        (line("CO", "16", "M51"), NONE, C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING, "DEN-CARC-16-CODING"),
        (
            line("CO", "16", "N290"),
            NONE,
            C.OTHER,
            A.CORRECT_AND_RESUBMIT,
            Q.BILLING,
            "DEN-CARC-16-BILLING-DATA",
        ),
        (
            line("CO", "5"),
            ClaimCircumstances(telehealth=True),
            C.CODING,
            A.CORRECT_AND_RESUBMIT,
            Q.CODING,
            "DEN-CARC-5-TELEHEALTH-POS",
        ),
        # A1 (generic denial, other_adjustment) and PR-85 (patient interest) have no rule or category rule.
        (line("CO", "A1"), NONE, C.OTHER, A.CORRECT_AND_RESUBMIT, Q.BILLING, "DEN-DEFAULT-REVIEW"),
        (
            line("PR", "85"),
            NONE,
            C.PATIENT_RESPONSIBILITY,
            A.BILL_PATIENT,
            Q.PATIENT_BILLING,
            "DEN-GROUP-PR",
        ),
        # A code with no category of ours (999 does not exist) is reviewed by a person whatever its group.
        (
            line("CO", "999"),
            NONE,
            C.UNRECOGNISED_CODE,
            A.REVIEW_ADJUSTMENT_CODE,
            Q.BILLING,
            "DEN-CARC-UNRECOGNISED",
        ),
        (
            line("PR", "Z9"),
            NONE,
            C.UNRECOGNISED_CODE,
            A.REVIEW_ADJUSTMENT_CODE,
            Q.BILLING,
            "DEN-CARC-UNRECOGNISED",
        ),
    ],
)
def test_each_carc_gets_its_root_cause_action_queue_and_rule(denied, facts, cause, action, queue, rule_id):
    result = classify_line(denied, facts)
    assert (result.root_cause, result.action, result.queue, result.rule_id) == (cause, action, queue, rule_id)


def test_carc_4_is_auto_correctable_but_97_is_not():
    assert FixKind.ADD_MODIFIER in classify_line(line("CO", "4"), NONE).auto_fix_kinds
    assert classify_line(line("CO", "97"), NONE).auto_fix_kinds == ()


def test_registration_corrected_since_makes_27_auto_correctable():
    result = classify_line(line("CO", "27"), ClaimCircumstances(registration_corrected_since=True))
    assert result.auto_fix_kinds == (FixKind.UPDATE_REGISTRATION_DATA,)
    assert result.rule_id == "DEN-CARC-27-REGISTRATION-CORRECTED"


def test_claim_decision_is_led_by_the_largest_line_and_skips_contractual_adjustments():
    decision = classify_denial(
        [
            line("CO", "45", amount="30.00"),
            line("CO", "4", amount="40.00"),
            line("CO", "50", amount="250.00"),
        ],
        NONE,
    )
    assert decision.source is DenialSource.REMITTANCE
    assert decision.leading.rule_id == "DEN-CARC-50-MEDICAL-NECESSITY"
    assert decision.amount_at_risk == Decimal("290.00")
    assert decision.carc_codes == ("4", "50")
    assert not decision.fully_auto_fixable


def test_rejection_is_always_corrected_and_routed_by_segment():
    assert classify_rejection("NM1").queue is Q.FRONT_DESK
    assert classify_rejection("SV1").root_cause is C.CODING
    other = classify_rejection(None)
    assert (other.action, other.rule_id) == (A.CORRECT_AND_RESUBMIT, "DEN-REJ-OTHER")
