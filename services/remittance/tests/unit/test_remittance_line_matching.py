from decimal import Decimal

from rcm_remittance.domain.known_claims import KnownLine
from rcm_remittance.domain.line_matching import match_lines
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file

D = Decimal


def ours(
    number: int, code: str, charge: str, modifiers: tuple[str, ...] = (), control: str = ""
) -> KnownLine:
    return KnownLine(
        line_number=number,
        procedure_code=code,
        charge=D(charge),
        modifiers=modifiers,
        line_control_number=control,
    )


def test_line_control_number_wins_over_code_order() -> None:
    our_lines = [ours(1, "97110", "60.00", ("GP",), "A1"), ours(2, "97110", "60.00", ("GP",), "A2")]
    remit = [svc("97110", "60.00", "40.00", control="A2"), svc("97110", "60.00", "40.00", control="A1")]
    assert match_lines(remit, our_lines) == [2, 1]


def test_payer_dropped_modifier_still_matches_by_code() -> None:
    our_lines = [ours(1, "99214", "150.00", ("25",)), ours(2, "93000", "50.00")]
    remit = [svc("99214", "150.00", "100.00"), svc("93000", "50.00", "30.00")]
    assert match_lines(remit, our_lines) == [1, 2]


def test_changed_modifier_and_changed_code_use_svc06() -> None:
    our_lines = [ours(1, "94060", "85.50"), ours(2, "99213", "90.00", ("25",))]
    remit = [
        svc("94010", "85.50", "40.00", original="94060"),
        svc("99213", "90.00", "60.00", modifiers=("59",)),
    ]
    assert match_lines(remit, our_lines) == [1, 2]


def test_same_code_twice_is_told_apart_by_modifiers_then_charge() -> None:
    our_lines = [ours(1, "97110", "60.00", ("GP",)), ours(2, "97110", "120.00", ("59",))]
    by_modifier = [svc("97110", "999.00", "1.00", modifiers=("59",))]
    by_charge = [svc("97110", "60.00", "1.00")]
    assert match_lines(by_modifier, our_lines) == [2]
    assert match_lines(by_charge, our_lines) == [1]


def test_ambiguous_or_unknown_line_stays_unmatched() -> None:
    our_lines = [ours(1, "97110", "60.00"), ours(2, "97110", "60.00")]
    remit = [svc("97110", "60.00", "40.00"), svc("99999", "10.00", "0.00")]
    assert match_lines(remit, our_lines) == [None, None]


def test_posting_with_a_dropped_modifier_posts_to_our_line() -> None:
    line = svc("99214", "150.00", "100.00", (cas("CO", "45", "50.00"),))
    claim = clp("CLM9", "1", (line,))
    known = known_from(claim).model_copy(update={"lines": (ours(1, "99214", "150.00", ("25", "GT")),)})
    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM9": known}, POSTED_AT)
    assert {e.line_number for e in posting.entries} == {1}
    assert posting.unmatched == []
