"""A PLB recoupment (WO, FB, 72, J1) that names one of our claims is booked on that claim's account and history."""

from __future__ import annotations

from decimal import Decimal

from rcm_remittance.domain.ledger import category_of, claim_account
from rcm_remittance.samples import POSTED_AT, clp, known_from, svc
from rcm_remittance.service.file_intake import read_remittance_file
from rcm_remittance.service.file_posting import claim_ids_in, post_remittance_file

D = Decimal

# By hand: the payer pays CLM81 100.00 and takes back 40.00 it overpaid on CLM80 (PLB03-2 names it), and 2.00 of
# a forwarding balance naming a claim we never sent; BPR02 = 100.00 - 40.00 - 2.00.
RECOUPING = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *240320*0900*^*00501*000000903*0*P*:~
GS*HP*PAYERX*CLINICY*20240320*0900*903*X*005010X221A1~
ST*835*0001~
BPR*I*58*C*CHK************20240322~
TRN*1*CHK5520*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM81*1*100*100**12*PMCN81~
SVC*HC:99213*100*100**1~
DTM*472*20240305~
PLB*1234567893*20241231*WO:CLM80 PMCN80*40*FB:NOTOURS9*2~
SE*11*0001~
GE*1*903~
IEA*1*000000903~
"""


def test_a_recoupment_naming_our_claim_is_booked_on_it_and_the_file_still_reconciles() -> None:
    assert claim_ids_in(read_remittance_file(RECOUPING)) == {"CLM81", "CLM80", "NOTOURS9"}
    known = {
        "CLM80": known_from(clp("CLM80", "1", (svc("99214", "100.00", "100.00"),))),
        "CLM81": known_from(clp("CLM81", "1", (svc("99213", "100.00", "100.00"),))),
    }
    [remittance] = post_remittance_file(RECOUPING, known, POSTED_AT).remittances

    recouped, unnamed = remittance.provider_entries
    assert (recouped.claim_id, recouped.plb_reason, recouped.amount) == ("CLM80", "WO", D("40.00"))
    assert category_of(recouped) == "payer_recoupment"
    assert (unnamed.claim_id, category_of(unnamed)) == (
        None,
        "provider_level",
    )  # not one of ours: provider level
    account = claim_account("CLM80", D("100.00"), [recouped])
    assert account.payer_refunds == D("40.00") and account.insurance_balance == D("140.00")
    reconciliation = remittance.reconciliation
    assert reconciliation is not None and reconciliation.balanced
    assert reconciliation.provider_adjustment_total == D("42.00")


def test_only_recoupment_reasons_name_a_claim() -> None:
    text = (
        RECOUPING.replace("WO:CLM80 PMCN80", "L6:CLM80")
        .replace("*40*", "*-40*")
        .replace("BPR*I*58*", "BPR*I*138*")
    )
    known = {"CLM80": known_from(clp("CLM80", "1", (svc("99214", "100.00", "100.00"),)))}
    [remittance] = post_remittance_file(text, known, POSTED_AT).remittances
    assert [entry.claim_id for entry in remittance.provider_entries] == [None, None]
