from datetime import datetime
from decimal import Decimal

from rcm_denials.domain.classification import classify_denial
from rcm_denials.domain.corrections import ClaimFix, CorrectionAttempt, check_loop_guard
from rcm_denials.domain.denial_facts import ClaimCircumstances, DeniedLine, FixKind
from rcm_denials.domain.fix_proposals import ClaimFactsForCorrection, ClaimLineFacts, propose_fixes

AT = datetime(2025, 3, 1, 12, 0)
ADD_25 = ClaimFix.of(FixKind.ADD_MODIFIER, 1, modifier="25")
POS_10 = ClaimFix.of(FixKind.CHANGE_PLACE_OF_SERVICE, None, place_of_service="10")


def attempt(number: int, *fixes: ClaimFix) -> CorrectionAttempt:
    return CorrectionAttempt(
        correction_id=f"c{number}",
        denial_id=f"d{number}",
        attempt=number,
        fix_fingerprints=tuple(f.fingerprint for f in fixes),
        requested_at=AT,
        automatic=True,
    )


def test_first_correction_is_allowed():
    assert check_loop_guard([], [ADD_25]).allowed


def test_third_attempt_is_refused():
    verdict = check_loop_guard(
        [attempt(1, ADD_25), attempt(2, POS_10)], [ClaimFix.of(FixKind.ADD_MODIFIER, 2, modifier="59")]
    )
    assert not verdict.allowed
    assert "attempt limit" in (verdict.reason or "")


def test_same_fix_twice_is_refused_even_within_the_limit():
    verdict = check_loop_guard([attempt(1, ADD_25)], [ClaimFix.of(FixKind.ADD_MODIFIER, 1, modifier="25")])
    assert not verdict.allowed
    assert "same fix" in (verdict.reason or "")


def test_fingerprint_depends_on_kind_line_and_values():
    assert ADD_25.fingerprint == ClaimFix.of(FixKind.ADD_MODIFIER, 1, modifier="25").fingerprint
    assert ADD_25.fingerprint != ClaimFix.of(FixKind.ADD_MODIFIER, 2, modifier="25").fingerprint
    assert ADD_25.fingerprint != ClaimFix.of(FixKind.REMOVE_MODIFIER, 1, modifier="25").fingerprint


def denial(carc: str, *rarcs: str, line_number: int = 1) -> DeniedLine:
    return DeniedLine(
        line_number=line_number,
        procedure_code="99213",
        group_code="CO",
        carc=carc,
        rarcs=rarcs,
        amount=Decimal("120.00"),
    )


def test_modifier_25_added_to_em_billed_with_a_procedure():
    facts = ClaimFactsForCorrection(
        lines=(
            ClaimLineFacts(line_number=1, procedure_code="99213", diagnosis_pointers=(1,)),
            ClaimLineFacts(line_number=2, procedure_code="11102", diagnosis_pointers=(1,)),
        ),
        diagnosis_count=1,
    )
    fixes = propose_fixes(classify_denial([denial("4")], ClaimCircumstances()), facts)
    assert fixes == (ADD_25,)


def test_telehealth_modifier_and_invalid_modifier_are_fixed_together():
    facts = ClaimFactsForCorrection(
        lines=(
            ClaimLineFacts(
                line_number=1, procedure_code="99213", modifiers=("GQ",), invalid_modifiers=("GQ",)
            ),
        ),
        diagnosis_count=1,
        telehealth=True,
        payer_video_modifier="95",
    )
    fixes = propose_fixes(classify_denial([denial("4")], ClaimCircumstances(telehealth=True)), facts)
    assert [(f.kind, f.field("modifier")) for f in fixes] == [
        (FixKind.REMOVE_MODIFIER, "GQ"),
        (FixKind.ADD_MODIFIER, "95"),
    ]


def test_wrong_telehealth_place_of_service_is_changed_to_the_payers():
    facts = ClaimFactsForCorrection(
        lines=(ClaimLineFacts(line_number=1, procedure_code="99213"),),
        diagnosis_count=1,
        place_of_service="11",
        telehealth=True,
        patient_at_home=True,
        payer_telehealth_pos=("02", "10"),
    )
    fixes = propose_fixes(classify_denial([denial("5")], ClaimCircumstances(telehealth=True)), facts)
    assert fixes == (POS_10,)


def test_diagnosis_pointer_past_the_list_is_fixed_but_a_valid_one_is_left_to_a_coder():
    facts = ClaimFactsForCorrection(
        lines=(ClaimLineFacts(line_number=1, procedure_code="99213", diagnosis_pointers=(1, 3)),),
        diagnosis_count=2,
    )
    fixes = propose_fixes(classify_denial([denial("16", "M76")], ClaimCircumstances()), facts)
    assert [(f.kind, f.field("pointers")) for f in fixes] == [(FixKind.CHANGE_DIAGNOSIS_POINTERS, "1")]
    valid = facts.model_copy(
        update={"lines": (ClaimLineFacts(line_number=1, procedure_code="99213", diagnosis_pointers=(2,)),)}
    )
    assert propose_fixes(classify_denial([denial("11")], ClaimCircumstances()), valid) == ()


def test_registration_fix_uses_the_corrected_revision():
    facts = ClaimFactsForCorrection(lines=(), diagnosis_count=1, registration_revision="reg-7")
    decision = classify_denial([denial("27")], ClaimCircumstances(registration_corrected_since=True))
    assert propose_fixes(decision, facts) == (
        ClaimFix.of(FixKind.UPDATE_REGISTRATION_DATA, None, revision="reg-7"),
    )


def test_no_fix_when_any_denied_line_needs_a_person():
    facts = ClaimFactsForCorrection(
        lines=(
            ClaimLineFacts(line_number=1, procedure_code="99213"),
            ClaimLineFacts(line_number=2, procedure_code="11102"),
        ),
        diagnosis_count=1,
    )
    decision = classify_denial([denial("4"), denial("50", line_number=2)], ClaimCircumstances())
    assert propose_fixes(decision, facts) == ()
