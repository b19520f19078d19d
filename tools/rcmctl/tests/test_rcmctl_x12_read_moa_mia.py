"""`rcm x12 read` of a hand-written 835 prints each claim's MOA/MIA amounts and remark codes."""

from __future__ import annotations

import json
from pathlib import Path

from rcmctl.cli import app
from typer.testing import CliRunner

# By hand: one outpatient claim with an MOA, one inpatient claim with an MIA, in the guide's order (pyx12
# finds nothing); 19 segments from ST to SE.
FILE_835 = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *250320*0900*^*00501*000000082*0*P*:~
GS*HP*PAYERX*CLINICY*20250320*0900*82*X*005010X221A1~
ST*835*0001~
BPR*I*920*C*NON************20250320~
TRN*1*EFT82*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N3*1 MAIN ST~
N4*SPRINGFIELD*IL*62701~
PER*BL*CLAIMS*TE*2175550100~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM84*1*200*120*30*12*PMCN84~
CAS*PR*1*30~
CAS*CO*45*50~
NM1*QC*1*DOE*JANE****MI*M0001~
MOA*0.8*95.5*MA01~
CLP*CLM85*1*1000*800**12*PMCN85~
CAS*CO*45*200~
NM1*QC*1*ROE*RICHARD****MI*M0002~
MIA*3**0*640*MA32~
SE*19*0001~
GE*1*82~
IEA*1*000000082~
"""


def test_the_json_names_moa_and_mia_amounts_and_remarks(tmp_path: Path) -> None:
    path = tmp_path / "moa_mia.835"
    path.write_text(FILE_835)
    result = CliRunner().invoke(app, ["x12", "read", str(path)])
    printed = json.loads(result.stdout)
    assert (result.exit_code, printed["problems"]) == (0, [])
    outpatient, inpatient = printed["understood"][0]["claims"]
    assert outpatient["outpatient_remarks"] == ["MA01"]
    assert outpatient["outpatient_adjudication"] == {
        "reimbursement_rate": "0.8",
        "hcpcs_payable_amount": "95.50",
        "esrd_payment_amount": None,
        "nonpayable_professional_component": None,
    }
    assert inpatient["covered_days"] == "3" and inpatient["inpatient_remarks"] == ["MA32"]
    assert inpatient["inpatient_adjudication"]["drg_amount"] == "640.00"
    assert inpatient["inpatient_adjudication"]["lifetime_psychiatric_days"] == "0"


def test_the_table_shows_each_claims_moa_and_mia_without_the_patient(tmp_path: Path) -> None:
    path = tmp_path / "moa_mia.835"
    path.write_text(FILE_835)
    result = CliRunner().invoke(app, ["x12", "read", str(path), "--table"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stdout
    printed = " ".join(result.stdout.split())
    assert "outpatient_adjudication.hcpcs_payable_amount=95.50" in printed
    assert (
        "outpatient_adjudication.reimbursement_rate=0.8" in printed and "outpatient_remarks=MA01" in printed
    )
    assert "inpatient_adjudication.drg_amount=640.00" in printed and "covered_days=3" in printed
    assert "DOE" not in printed and "M0001" not in printed
