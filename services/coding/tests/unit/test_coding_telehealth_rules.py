from dataclasses import replace
from datetime import date

from rcm_coding.domain.models import CodedLine, EncounterToCode
from rcm_coding.domain.telehealth_rules import apply_telehealth_rules, telehealth_rules_for

DOS = date(2025, 3, 10)


def _visit(
    payer_id: str,
    pos: str,
    *,
    location: str = "home",
    mode: str = "audio_video",
    lines: tuple[CodedLine, ...] = (CodedLine(1, "99213"),),
) -> EncounterToCode:
    return EncounterToCode(
        encounter_id="enc-th",
        date_of_service=DOS,
        place_of_service=pos,
        patient_sex="M",
        patient_birth_date=date(1960, 1, 1),
        diagnoses=("I10",),
        lines=lines,
        payer_id=payer_id,
        telehealth=True,
        telehealth_mode=mode,  # type: ignore[arg-type]
        patient_location=location,  # type: ignore[arg-type]
    )


def test_home_visit_billed_with_pos_02_is_corrected_to_10_with_audit() -> None:
    outcome = apply_telehealth_rules(_visit("MCR01", "02"), telehealth_rules_for("MCR01", DOS))
    assert outcome.encounter.place_of_service == "10"
    assert [(c.rule_id, c.field, c.before, c.after) for c in outcome.corrections] == [
        ("TH-POS", "place_of_service", "02", "10")
    ]
    assert outcome.findings == ()


def test_payer_that_wants_review_gets_a_finding_instead() -> None:
    rules = telehealth_rules_for("MCR01", DOS, mismatch_action="review")
    outcome = apply_telehealth_rules(_visit("MCR01", "02"), rules)
    assert outcome.encounter.place_of_service == "02" and outcome.corrections == ()
    assert [(f.rule_id, f.severity) for f in outcome.findings] == [("TH-POS", "error")]


def test_patient_elsewhere_means_pos_02() -> None:
    outcome = apply_telehealth_rules(
        _visit("MCR01", "10", location="other"), telehealth_rules_for("MCR01", DOS)
    )
    assert outcome.encounter.place_of_service == "02"


def test_payer_video_modifier_added() -> None:
    outcome = apply_telehealth_rules(_visit("CCPPO", "10"), telehealth_rules_for("CCPPO", DOS))
    assert outcome.encounter.lines[0].modifiers == ("95",)
    assert [(c.rule_id, c.before, c.after, c.line_number) for c in outcome.corrections] == [
        ("TH-VIDEO-MODIFIER", "", "95", 1)
    ]


def test_gt_payer_swaps_95_for_gt() -> None:
    visit = _visit("MCD01", "10", lines=(CodedLine(1, "99213", modifiers=("95",)),))
    outcome = apply_telehealth_rules(visit, telehealth_rules_for("MCD01", DOS))
    assert outcome.encounter.lines[0].modifiers == ("GT",)


def test_medicare_needs_no_video_modifier() -> None:
    outcome = apply_telehealth_rules(_visit("MCR01", "10"), telehealth_rules_for("MCR01", DOS))
    assert outcome.corrections == () and outcome.findings == ()


def test_audio_only_gets_93_and_loses_95() -> None:
    visit = _visit("NWHP1", "10", mode="audio_only", lines=(CodedLine(1, "90834", modifiers=("95",)),))
    outcome = apply_telehealth_rules(visit, telehealth_rules_for("NWHP1", DOS))
    assert outcome.encounter.lines[0].modifiers == ("93",)


def test_medicare_audio_only_accepts_fq() -> None:
    visit = _visit("MCR01", "10", mode="audio_only", lines=(CodedLine(1, "99213", modifiers=("FQ",)),))
    outcome = apply_telehealth_rules(visit, telehealth_rules_for("MCR01", DOS))
    assert outcome.corrections == () and outcome.findings == ()


def test_uncovered_telehealth_code_goes_to_review() -> None:
    visit = _visit("MCR01", "10", lines=(CodedLine(1, "98005"),))
    outcome = apply_telehealth_rules(visit, telehealth_rules_for("MCR01", DOS))
    assert [(f.rule_id, f.line_number) for f in outcome.findings] == [("TH-CODE-NOT-COVERED", 1)]


def test_unknown_location_with_office_pos_goes_to_review() -> None:
    visit = _visit("MCR01", "11")
    outcome = apply_telehealth_rules(
        replace(visit, patient_location=None), telehealth_rules_for("MCR01", DOS)
    )
    assert [f.rule_id for f in outcome.findings] == ["TH-POS-UNKNOWN-LOCATION"]


def test_telehealth_pos_on_in_person_visit_is_flagged() -> None:
    in_person = replace(_visit("MCR01", "02"), telehealth=False)
    outcome = apply_telehealth_rules(in_person, telehealth_rules_for("MCR01", DOS))
    assert [f.rule_id for f in outcome.findings] == ["TH-POS-NOT-TELEHEALTH"]


def test_self_pay_has_no_policy() -> None:
    assert telehealth_rules_for("SELF", DOS) is None
    outcome = apply_telehealth_rules(_visit("SELF", "10"), None)
    assert [(f.rule_id, f.severity) for f in outcome.findings] == [("TH-NO-PAYER-POLICY", "warning")]
