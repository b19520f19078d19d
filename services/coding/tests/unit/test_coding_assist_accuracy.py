from rcm_coding.assist.diagnosis_index import billable_diagnosis_index
from rcm_coding.assist.procedure_suggester import suggest_procedures
from rcm_coding.assist.synthetic_notes import generate_labelled_notes
from rcm_coding.bench import measure


def test_synthetic_set_is_deterministic_and_large_enough() -> None:
    notes = generate_labelled_notes()
    assert len(notes) >= 200 and notes == generate_labelled_notes()
    assert len({note.expected_diagnosis for note in notes}) >= 40


def test_diagnosis_accuracy_floor() -> None:
    index = billable_diagnosis_index()
    result = measure(
        "dx",
        lambda text: [s.code for s in index.suggest(text, 5)],
        generate_labelled_notes(),
        lambda note: note.expected_diagnosis,
    )
    assert result.top5 >= 0.9 and result.top1 >= 0.8


def test_procedure_accuracy_floor() -> None:
    result = measure(
        "px",
        lambda text: [s.code for s in suggest_procedures(text)],
        generate_labelled_notes(),
        lambda note: note.expected_procedure,
    )
    assert result.top1 >= 0.9


def test_suggestions_carry_score_and_matched_words() -> None:
    top = billable_diagnosis_index().suggest("Assessment: high blood pressure", 3)[0]
    assert top.code == "I10" and 0 < top.score <= 1 and "hypertension" in top.matched_words


def test_shorthand_and_negation() -> None:
    index = billable_diagnosis_index()
    assert index.suggest("Assessment: T2DM, no complications", 1)[0].code == "E11.9"
    assert index.suggest("Assessment: COPD", 1)[0].code == "J44.9"
    assert index.suggest("Denies dysuria. Assessment: GERD", 1)[0].code == "K21.9"


def test_visit_level_by_time_and_psychotherapy() -> None:
    assert suggest_procedures("New patient visit, total time 47 minutes")[0].code == "99204"
    assert suggest_procedures("Established patient, 22 minutes, telehealth video")[0].code == "99213"
    assert suggest_procedures("Psychotherapy 45 minutes")[0].code == "90834"
    codes = [s.code for s in suggest_procedures("Follow-up, moderate complexity. Flu shot given.")]
    assert codes == ["99214", "90686", "90471"]
