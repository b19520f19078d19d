"""A split claim: the payer answers for one claim (one CLP01) in two pieces, paid in one 835, denied in a later one.
Each piece posts against the lines it names, and the claim's account ends with the denied line open."""

from __future__ import annotations

from decimal import Decimal

from rcm_remittance.domain.ledger import claim_account
from rcm_remittance.samples import POSTED_AT, clp, known_from, svc
from rcm_remittance.service.file_posting import post_remittance_file

D = Decimal

ENVELOPE = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *240320*0900*^*00501*00000091{n}*0*P*:~
GS*HP*PAYERX*CLINICY*20240320*0900*91{n}*X*005010X221A1~
ST*835*0001~
BPR*I*{paid}*C*CHK************20240322~
TRN*1*CHK591{n}*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
{claim}
SE*{count}*0001~
GE*1*91{n}~
IEA*1*00000091{n}~
"""
# By hand: the first piece pays the office visit; the second, weeks later, denies the other line (CO-50).
PAID_PIECE = "CLP*CLM90*1*100*80*20*12*PMCN90A~\nSVC*HC:99213*100*80**1~\nDTM*472*20240305~\nCAS*PR*2*20~"
DENIED_PIECE = "CLP*CLM90*4*60*0**12*PMCN90B~\nSVC*HC:36415*60*0**1~\nDTM*472*20240305~\nCAS*CO*50*60~"


def file_with(n: int, paid: str, claim: str) -> str:
    return ENVELOPE.format(n=n, paid=paid, claim=claim, count=7 + claim.count("\n") + 1)


def test_the_denied_piece_of_a_split_claim_posts_against_its_own_line_and_leaves_it_open() -> None:
    ours = known_from(clp("CLM90", "1", (svc("99213", "100.00", "0.00"), svc("36415", "60.00", "0.00"))))
    first = post_remittance_file(file_with(1, "80", PAID_PIECE), {"CLM90": ours}, POSTED_AT)
    second = post_remittance_file(file_with(2, "0", DENIED_PIECE), {"CLM90": ours}, POSTED_AT)

    [paid_piece], [denied_piece] = first.claim_postings, second.claim_postings
    assert (paid_piece.outcome, denied_piece.outcome) == ("paid", "denied")
    assert {entry.line_number for entry in denied_piece.entries} == {2}
    assert second.unmatched == [] and first.unmatched == []
    account = claim_account("CLM90", D("160.00"), [*paid_piece.entries, *denied_piece.entries])
    assert (account.payer_payments, account.transferred_to_patient, account.denied) == (
        D("80.00"),
        D("20.00"),
        D("60.00"),
    )
    assert (account.insurance_balance, account.denied_open) == (D("60.00"), D("60.00"))
    for posting in (first, second):
        reconciliation = posting.remittances[0].reconciliation
        assert reconciliation is not None and reconciliation.balanced
