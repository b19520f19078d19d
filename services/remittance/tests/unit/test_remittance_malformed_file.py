import pytest
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_intake import RemittanceFileRejected
from rcm_remittance.service.file_posting import post_remittance_file


def _two_transactions() -> tuple[str, dict[str, object]]:
    good = clp("CLM30", "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),)),))
    later = clp("CLM31", "1", (svc("99214", "150.00", "150.00"),))
    text = file_of(remittance((good,), trace="T1"), remittance((later,), trace="T2"))
    return text, {"CLM30": known_from(good), "CLM31": known_from(later)}


def test_a_corrupted_amount_names_the_segment_and_position_and_posts_nothing() -> None:
    text, known = _two_transactions()
    corrupted = text.replace("SVC*HC:99214*150*", "SVC*HC:99214*15O*")
    segments = corrupted.split("~")
    position = next(i for i, s in enumerate(segments, start=1) if "15O*" in s)
    with pytest.raises(RemittanceFileRejected) as rejected:
        post_remittance_file(corrupted, known, POSTED_AT)  # type: ignore[arg-type]
    assert rejected.value.segment_id == "SVC"
    assert rejected.value.segment_position == position
    assert "SVC" in str(rejected.value) and str(position) in str(rejected.value)


def test_a_truncated_file_is_rejected() -> None:
    text, known = _two_transactions()
    with pytest.raises(RemittanceFileRejected) as rejected:
        post_remittance_file(text[: len(text) * 2 // 3], known, POSTED_AT)  # type: ignore[arg-type]
    assert rejected.value.problems


def test_an_unbalanced_claim_rejects_the_whole_file() -> None:
    text, known = _two_transactions()
    unbalanced = text.replace("CLP*CLM31*1*150*150", "CLP*CLM31*1*150*140")
    with pytest.raises(RemittanceFileRejected) as rejected:
        post_remittance_file(unbalanced, known, POSTED_AT)  # type: ignore[arg-type]
    assert any("CLM31" in problem for problem in rejected.value.problems)
