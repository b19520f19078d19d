"""MOA (outpatient) and MIA (inpatient) adjudication on a hand-written 835: remark codes and the payer's
informational amounts are read onto the claim; a bad amount is refused naming the segment and element."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rcm_x12 import X12ParseError, read_835, verify_balance
from rcm_x12.remit835 import InpatientAdjudication, OutpatientAdjudication

# By hand. CLM81 carries an MOA (rate 0.8, HCPCS payable 95.50, remarks MA01 N20, ESRD 12.25, non-payable
# professional component 7.75); CLM82 an MIA (3 covered days, outlier 15.50, 0 lifetime psychiatric days,
# DRG 640.00, remark MA32, DSH 22.10, PPS capital 41.00, 2 cost report days, remark N20, capital exception 5.00);
# CLM83 has neither. 14 segments from ST to SE.
FILE_835 = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *250320*0900*^*00501*000000081*0*P*:~
GS*HP*PAYERX*CLINICY*20250320*0900*81*X*005010X221A1~
ST*835*0001~
BPR*I*970*C*NON************20250320~
TRN*1*EFT81*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM81*1*200*120*30*12*PMCN81~
MOA*0.8*95.5*MA01*N20****12.25*7.75~
CAS*PR*1*30~
CAS*CO*45*50~
CLP*CLM82*1*1000*800*0*12*PMCN82~
MIA*3*15.5*0*640*MA32*22.1**41*******2*****N20*****5~
CAS*CO*45*200~
CLP*CLM83*1*60*50*0*12*PMCN83~
CAS*CO*45*10~
SE*16*0001~
GE*1*81~
IEA*1*000000081~
"""


def test_the_hand_written_file_balances() -> None:
    (remittance,) = read_835(FILE_835)
    assert verify_balance(remittance)


def test_moa_amounts_and_remarks_are_read_onto_the_claim() -> None:
    (remittance,) = read_835(FILE_835)
    claim = remittance.claims[0]
    assert claim.outpatient_remarks == ("MA01", "N20")
    assert claim.outpatient_adjudication == OutpatientAdjudication(
        reimbursement_rate=Decimal("0.8"),
        hcpcs_payable_amount=Decimal("95.50"),
        esrd_payment_amount=Decimal("12.25"),
        nonpayable_professional_component=Decimal("7.75"),
    )
    assert claim.inpatient_adjudication is None
    # Informational: the claim still balances on CLP/CAS alone, and nothing of MOA is in CLP04.
    assert (claim.charge, claim.paid) == (Decimal("200.00"), Decimal("120.00"))


def test_mia_amounts_day_counts_and_remarks_are_read_onto_the_claim() -> None:
    (remittance,) = read_835(FILE_835)
    claim = remittance.claims[1]
    assert claim.covered_days == Decimal("3")
    assert claim.inpatient_remarks == ("MA32", "N20")
    assert claim.inpatient_adjudication == InpatientAdjudication(
        pps_operating_outlier_amount=Decimal("15.50"),
        lifetime_psychiatric_days=Decimal("0"),
        drg_amount=Decimal("640.00"),
        disproportionate_share_amount=Decimal("22.10"),
        pps_capital_amount=Decimal("41.00"),
        cost_report_days=Decimal("2"),
        pps_capital_exception_amount=Decimal("5.00"),
    )
    assert claim.outpatient_adjudication is None


def test_a_claim_without_moa_or_mia_has_no_adjudication() -> None:
    (remittance,) = read_835(FILE_835)
    claim = remittance.claims[2]
    assert (claim.outpatient_adjudication, claim.inpatient_adjudication) == (None, None)
    assert claim.outpatient_remarks == claim.inpatient_remarks == ()


def test_a_non_numeric_moa_amount_is_refused_naming_segment_and_element() -> None:
    bad = FILE_835.replace("MOA*0.8*95.5*", "MOA*0.8*95,5*")
    with pytest.raises(X12ParseError) as raised:
        read_835(bad)
    assert raised.value.segment_id == "MOA"
    assert raised.value.element_position == 2
