"""Prompt-pay interest (835 AMT*I, inside CLP04) is booked as interest: no payment, no balance, no credit."""

from __future__ import annotations

from decimal import Decimal

from rcm_remittance.domain.ledger import claim_account
from rcm_remittance.samples import POSTED_AT, cas, clp, known_from, svc
from rcm_remittance.service.event_translation import events_for
from rcm_remittance.service.file_posting import post_remittance_file
from rcm_schemas.events import PaymentPosted

D = Decimal

# By hand, as a payer pays a late clean claim: 80.00 for the line and 1.37 of interest, both in CLP04 and BPR02.
WITH_INTEREST = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *240320*0900*^*00501*000000902*0*P*:~
GS*HP*PAYERX*CLINICY*20240320*0900*902*X*005010X221A1~
ST*835*0001~
BPR*I*81.37*C*CHK************20240322~
TRN*1*CHK5510*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM70*1*100*81.37**12*PMCN70~
AMT*I*1.37~
SVC*HC:99213*100*80**1~
DTM*472*20240105~
CAS*CO*45*20~
SE*12*0001~
GE*1*902~
IEA*1*000000902~
"""


def test_interest_posts_as_interest_and_the_claim_settles_without_a_credit() -> None:
    known = known_from(clp("CLM70", "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),)),)))
    posting = post_remittance_file(WITH_INTEREST, {"CLM70": known}, POSTED_AT)

    [claim] = posting.claim_postings
    by_kind = {(entry.kind, entry.amount) for entry in claim.entries}
    assert ("payment", D("80.00")) in by_kind and ("interest", D("1.37")) in by_kind
    assert not any(entry.kind == "payment" and entry.amount == D("1.37") for entry in claim.entries)
    account = claim_account("CLM70", D("100.00"), claim.entries)
    assert (account.insurance_balance, account.insurance_credit, account.interest) == (
        D("0.00"),
        D("0.00"),
        D("1.37"),
    )
    reconciliation = posting.remittances[0].reconciliation
    assert reconciliation is not None and reconciliation.balanced
    assert reconciliation.posted_payment_total == D("81.37")
    [posted] = [event for event in events_for(claim) if isinstance(event, PaymentPosted)]
    assert (posted.paid_amount, posted.interest_amount, posted.open_balance) == (
        D("80.00"),
        D("1.37"),
        D("0"),
    )
