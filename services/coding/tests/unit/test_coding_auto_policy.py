from datetime import date

from rcm_coding.domain.auto_coding_policy import AutoCodingConfig
from rcm_coding.domain.models import CodedLine, EncounterToCode
from rcm_coding.service.code_encounter import CodingPolicy, code_encounter

NOTE = (
    "CC: follow up blood pressure.\nHPI: 58 year old male, home readings 150s/90s.\n"
    "Assessment: essential hypertension, not at goal.\n"
    "Plan: increase lisinopril. Established patient visit. Total time 25 minutes."
)


def _encounter(**changes: object) -> EncounterToCode:
    values: dict[str, object] = {
        "encounter_id": "enc-9",
        "date_of_service": date(2025, 3, 10),
        "place_of_service": "11",
        "patient_sex": "M",
        "patient_birth_date": date(1967, 2, 1),
        "diagnoses": ("I10",),
        "lines": (CodedLine(1, "99213", diagnosis_pointers=(1,)),),
        "payer_id": "CCPPO",
        "note_text": NOTE,
    }
    values.update(changes)
    return EncounterToCode(**values)  # type: ignore[arg-type]


def test_valid_encounter_is_coded_with_final_lines_and_pointers() -> None:
    decision = code_encounter(_encounter())
    assert decision.status == "coded" and decision.findings == ()
    assert decision.diagnoses == ("I10",)
    assert decision.lines == (CodedLine(1, "99213", (), 1, (1,)),)
    assert decision.suggestions[0].code == "I10"


def test_category_code_goes_to_review_naming_line_and_rule() -> None:
    decision = code_encounter(_encounter(diagnoses=("E11",)))
    assert decision.status == "review_required"
    billable = [f for f in decision.findings if f.rule_id == "COD-DX-BILLABLE"]
    assert billable and billable[0].line_number == 1 and billable[0].diagnosis_position == 1


def test_disagreement_with_the_note_goes_to_review() -> None:
    decision = code_encounter(_encounter(diagnoses=("N39.0",)))
    assert decision.status == "review_required"
    assert [f.rule_id for f in decision.findings] == ["COD-AUTO-DISAGREE"]


def test_same_category_counts_as_agreement_unless_configured_otherwise() -> None:
    assert code_encounter(_encounter(diagnoses=("I10",))).status == "coded"
    strict = CodingPolicy(policy=AutoCodingConfig(agree_on_category=False, agreement_top_k=1))
    note = NOTE.replace("essential hypertension", "type 2 diabetes mellitus with hyperglycemia")
    assert code_encounter(_encounter(diagnoses=("E11.65",), note_text=note), strict).status == "coded"
    assert (
        code_encounter(_encounter(diagnoses=("E11.9",), note_text=note), strict).status == "review_required"
    )
    assert code_encounter(_encounter(diagnoses=("E11.9",), note_text=note)).status == "coded"


def test_no_note_means_review() -> None:
    decision = code_encounter(_encounter(note_text=""))
    assert [f.rule_id for f in decision.findings] == ["COD-AUTO-NO-NOTE"]


def test_assistant_codes_when_provider_selected_nothing_and_is_confident() -> None:
    note = NOTE.replace("essential hypertension, not at goal", "urinary tract infection")
    decision = code_encounter(_encounter(diagnoses=(), lines=(), note_text=note))
    assert decision.status == "coded" and decision.source == "assistant"
    assert decision.diagnoses == ("N390",)
    assert decision.lines == (CodedLine(1, "99213", (), 1, (1,)),)


def test_assistant_not_confident_means_review() -> None:
    decision = code_encounter(
        _encounter(diagnoses=(), lines=(), note_text="Patient seen. Established patient.")
    )
    assert decision.status == "review_required"
    assert [f.rule_id for f in decision.findings] == ["COD-AUTO-NO-CODES"]


def test_telehealth_correction_is_carried_on_a_coded_decision() -> None:
    visit = _encounter(
        place_of_service="02", telehealth=True, telehealth_mode="audio_video", patient_location="home"
    )
    decision = code_encounter(visit)
    assert decision.status == "coded"
    assert [(c.rule_id, c.before, c.after) for c in decision.corrections] == [
        ("TH-POS", "02", "10"),
        ("TH-VIDEO-MODIFIER", "", "95"),
    ]
    assert decision.lines[0].modifiers == ("95",)


def test_telehealth_review_payer_sends_pos_mismatch_to_review() -> None:
    visit = _encounter(
        place_of_service="02",
        telehealth=True,
        telehealth_mode="audio_video",
        patient_location="home",
        lines=(CodedLine(1, "99213", ("95",)),),
    )
    decision = code_encounter(visit, CodingPolicy(telehealth_review_payers=frozenset({"CCPPO"})))
    assert decision.status == "review_required"
    assert [f.rule_id for f in decision.findings] == ["TH-POS"]
