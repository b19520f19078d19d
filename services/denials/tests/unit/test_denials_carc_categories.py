"""Codes without a rule of their own are worked by our category of them; a code we have no category for is a
person's review, never a denial. CO-45/253 stay the contract, exactly as before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rcm_denials.domain.classification import classify_denial, classify_line
from rcm_denials.domain.denial_facts import (
    ClaimCircumstances,
    DeniedLine,
    RecommendedAction,
    RootCause,
    WorkQueue,
)
from rcm_denials.service.outgoing_translation import wire_action, wire_root_cause

A, C, Q = RecommendedAction, RootCause, WorkQueue
NONE = ClaimCircumstances()


def line(group: str, carc: str, amount: str = "100.00") -> DeniedLine:
    return DeniedLine(
        line_number=1, procedure_code="99213", group_code=group, carc=carc, amount=Decimal(amount)
    )


@pytest.mark.parametrize(
    ("denied", "facts", "cause", "action", "queue", "rule_id"),
    [
        # 302: authorisation time limit expired (authorization); 286: appeal time limits (timely_filing).
        (line("CO", "302"), NONE, C.AUTHORIZATION, A.WRITE_OFF, Q.BILLING, "DEN-CAT-AUTH"),
        (
            line("CO", "288"),
            ClaimCircumstances(authorization_on_file=True),
            C.AUTHORIZATION,
            A.APPEAL,
            Q.APPEALS,
            "DEN-CAT-AUTH-ON-FILE",
        ),
        (line("CO", "286"), NONE, C.TIMELY_FILING, A.WRITE_OFF, Q.BILLING, "DEN-CAT-TIMELY-FILING"),
        (
            line("CO", "32"),
            NONE,
            C.ELIGIBILITY_REGISTRATION,
            A.CORRECT_AND_RESUBMIT,
            Q.FRONT_DESK,
            "DEN-CAT-ELIGIBILITY",
        ),
        (line("CO", "189"), NONE, C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING, "DEN-CAT-CODING"),
        (line("CO", "231"), NONE, C.BUNDLING, A.WRITE_OFF, Q.CODING, "DEN-CAT-BUNDLING"),
        (line("CO", "150"), NONE, C.MEDICAL_NECESSITY, A.APPEAL, Q.APPEALS, "DEN-CAT-MEDICAL-NECESSITY"),
        (line("CO", "B1"), NONE, C.NON_COVERED, A.WRITE_OFF, Q.BILLING, "DEN-CAT-NON-COVERED"),
        (line("OA", "B13"), NONE, C.DUPLICATE, A.WRITE_OFF, Q.BILLING, "DEN-CAT-DUPLICATE"),
        (line("CO", "226"), NONE, C.OTHER, A.APPEAL, Q.APPEALS, "DEN-CAT-DOCUMENTATION"),
        (line("OA", "19"), NONE, C.COORDINATION_OF_BENEFITS, A.BILL_SECONDARY, Q.BILLING, "DEN-CAT-COB"),
        (
            line("PR", "275"),
            NONE,
            C.PATIENT_RESPONSIBILITY,
            A.BILL_PATIENT,
            Q.PATIENT_BILLING,
            "DEN-CAT-COB-PATIENT-LIABLE",
        ),
        (
            line("PR", "66"),
            NONE,
            C.PATIENT_RESPONSIBILITY,
            A.BILL_PATIENT,
            Q.PATIENT_BILLING,
            "DEN-CAT-PATIENT-SHARE",
        ),
        (line("CO", "206"), NONE, C.OTHER, A.CORRECT_AND_RESUBMIT, Q.BILLING, "DEN-CAT-PROVIDER-ELIGIBILITY"),
        (line("CO", "131"), NONE, C.OTHER, A.WRITE_OFF, Q.BILLING, "DEN-CAT-CONTRACTUAL"),
    ],
)
def test_a_code_without_its_own_rule_is_worked_by_its_category(denied, facts, cause, action, queue, rule_id):
    result = classify_line(denied, facts)
    assert (result.root_cause, result.action, result.queue, result.rule_id) == (cause, action, queue, rule_id)
    assert result.auto_fix_kinds == ()  # a category alone never fixes a claim automatically


def test_codes_with_their_own_rule_keep_it() -> None:
    assert classify_line(line("CO", "197"), NONE).rule_id == "DEN-CARC-197-NO-AUTH"
    assert classify_line(line("CO", "29"), NONE).rule_id == "DEN-CARC-29-WRITE-OFF"
    assert classify_line(line("CO", "15"), NONE).rule_id == "DEN-CARC-197-NO-AUTH"  # retired, still read


def test_contractual_45_and_253_are_as_before() -> None:
    decision = classify_denial([line("CO", "45"), line("CO", "253"), line("CO", "50", "80.00")], NONE)
    assert decision.carc_codes == ("50",)
    assert classify_line(line("PR", "45"), NONE).rule_id == "DEN-GROUP-PR"
    assert classify_line(line("OA", "253"), NONE).rule_id == "DEN-DEFAULT-REVIEW"


def test_a_code_not_yet_in_force_on_the_date_of_service_is_reviewed() -> None:
    assert classify_line(line("CO", "308"), NONE, date(2025, 11, 1)).rule_id == "DEN-CAT-CONTRACTUAL"
    assert classify_line(line("CO", "308"), NONE, date(2025, 10, 1)).rule_id == "DEN-CARC-UNRECOGNISED"


def test_an_unrecognised_code_never_leads_a_claim_that_has_a_real_denial() -> None:
    decision = classify_denial([line("CO", "Z9", "900.00"), line("CO", "197", "100.00")], NONE)
    assert decision.leading.rule_id == "DEN-CARC-197-NO-AUTH"
    assert decision.amount_at_risk == Decimal("1000.00") and decision.carc_codes == ("Z9", "197")
    alone = classify_denial([line("CO", "Z9", "900.00")], NONE)
    assert alone.leading.root_cause is C.UNRECOGNISED_CODE


def test_the_review_is_published_in_the_shape_the_event_contract_already_has() -> None:
    assert wire_root_cause(C.UNRECOGNISED_CODE) == "other"
    assert wire_action(A.REVIEW_ADJUSTMENT_CODE) == "correct_and_resubmit"
