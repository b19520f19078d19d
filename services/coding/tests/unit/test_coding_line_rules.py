from dataclasses import replace
from datetime import date

from rcm_coding.domain.line_rules import validate_encounter
from rcm_coding.domain.models import CodedLine, EncounterToCode


def _encounter(**changes: object) -> EncounterToCode:
    base = EncounterToCode(
        encounter_id="enc-1",
        date_of_service=date(2025, 3, 10),
        place_of_service="11",
        patient_sex="F",
        patient_birth_date=date(1970, 5, 1),
        diagnoses=("I10",),
        lines=(CodedLine(1, "99213"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _rule_ids(encounter: EncounterToCode) -> list[str]:
    return [finding.rule_id for finding in validate_encounter(encounter)]


def test_valid_encounter_has_no_findings() -> None:
    assert validate_encounter(_encounter()) == []


def test_category_code_is_not_billable_and_names_the_line() -> None:
    findings = validate_encounter(_encounter(diagnoses=("E11",)))
    assert [(f.rule_id, f.line_number, f.diagnosis_position) for f in findings] == [("COD-DX-BILLABLE", 1, 1)]
    assert "E11" in findings[0].message and findings[0].severity == "error"
    assert "E11" in findings[0].fix_hint


def test_unknown_diagnosis() -> None:
    assert _rule_ids(_encounter(diagnoses=("Q99.99X",))) == ["COD-DX-EXISTS"]


def test_terminated_code_refused_after_termination_and_accepted_before() -> None:
    phone_visit = (CodedLine(1, "99441"),)
    after = validate_encounter(_encounter(lines=phone_visit, date_of_service=date(2025, 1, 2)))
    assert [f.rule_id for f in after] == ["COD-PX-BILLABLE-ON-DOS"]
    assert "terminated 2024-12-31" in after[0].message and after[0].line_number == 1
    assert validate_encounter(_encounter(lines=phone_visit, date_of_service=date(2024, 12, 31))) == []


def test_terminated_hcpcs_code_by_date() -> None:
    check_in = (CodedLine(1, "G2012"),)
    assert _rule_ids(_encounter(lines=check_in, date_of_service=date(2025, 2, 1))) == [
        "COD-PX-BILLABLE-ON-DOS"
    ]
    assert _rule_ids(_encounter(lines=check_in, date_of_service=date(2024, 6, 1))) == []


def test_code_not_yet_effective() -> None:
    findings = validate_encounter(
        _encounter(lines=(CodedLine(1, "98016"),), date_of_service=date(2024, 6, 1))
    )
    assert [f.rule_id for f in findings] == ["COD-PX-BILLABLE-ON-DOS"]
    assert "not effective until 2025-01-01" in findings[0].message


def test_unknown_procedure() -> None:
    assert _rule_ids(_encounter(lines=(CodedLine(1, "99999"),))) == ["COD-PX-EXISTS"]


def test_pointers_must_name_listed_diagnoses() -> None:
    assert _rule_ids(_encounter(lines=(CodedLine(1, "99213", diagnosis_pointers=(2,)),))) == [
        "COD-DX-UNREFERENCED",
        "COD-DX-POINTER",
    ]
    five = (CodedLine(1, "99213", diagnosis_pointers=(1, 2, 3, 4, 5)),)
    many_dx = ("I10", "E11.9", "E78.5", "J06.9", "N39.0")
    assert _rule_ids(_encounter(diagnoses=many_dx, lines=five)) == ["COD-DX-POINTER"]
    assert _rule_ids(_encounter(lines=(CodedLine(1, "99213", diagnosis_pointers=()),))) == [
        "COD-DX-UNREFERENCED",
        "COD-DX-POINTER",
    ]


def test_at_most_twelve_diagnoses() -> None:
    thirteen = ("I10",) * 13
    assert "COD-DX-COUNT" in _rule_ids(_encounter(diagnoses=thirteen))


def test_units_positive() -> None:
    assert _rule_ids(_encounter(lines=(CodedLine(1, "99213", units=0),))) == ["COD-UNITS-POSITIVE"]


def test_modifiers_valid_on_date() -> None:
    assert _rule_ids(_encounter(lines=(CodedLine(1, "99213", modifiers=("ZZ",)),))) == ["COD-MOD-VALID"]
    audio_only_before_it_existed = _encounter(
        lines=(CodedLine(1, "99213", modifiers=("93",)),), date_of_service=date(2021, 6, 1)
    )
    assert _rule_ids(audio_only_before_it_existed) == ["COD-MOD-VALID"]


def test_em_with_procedure_needs_modifier_25() -> None:
    lines = (CodedLine(1, "99213"), CodedLine(2, "20610"))
    findings = validate_encounter(_encounter(lines=lines))
    assert [(f.rule_id, f.line_number) for f in findings] == [("COD-EM-MOD25", 1)]
    fixed = (CodedLine(1, "99213", modifiers=("25",)), CodedLine(2, "20610"))
    assert validate_encounter(_encounter(lines=fixed)) == []


def test_em_with_lab_does_not_need_modifier_25() -> None:
    assert validate_encounter(_encounter(lines=(CodedLine(1, "99213"), CodedLine(2, "36415")))) == []


def test_add_on_without_primary() -> None:
    findings = validate_encounter(_encounter(lines=(CodedLine(1, "90686"), CodedLine(2, "90472"))))
    assert [(f.rule_id, f.line_number) for f in findings] == [("COD-ADDON-PRIMARY", 2)]
    with_primary = (CodedLine(1, "90471"), CodedLine(2, "90472"), CodedLine(3, "90686"))
    assert validate_encounter(_encounter(lines=with_primary)) == []


def test_sex_specific_diagnosis_is_a_warning() -> None:
    findings = validate_encounter(_encounter(patient_sex="F", diagnoses=("N40.0",)))
    assert [(f.rule_id, f.severity) for f in findings] == [("COD-DX-DEMOGRAPHIC", "warning")]


def test_age_specific_diagnosis_is_a_warning() -> None:
    findings = validate_encounter(_encounter(diagnoses=("Z34.00",), patient_birth_date=date(1950, 1, 1)))
    assert [(f.rule_id, f.severity) for f in findings] == [("COD-DX-DEMOGRAPHIC", "warning")]
