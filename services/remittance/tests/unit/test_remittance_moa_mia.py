"""MOA/MIA on a hand-written 835: the payer's working amounts are shown with the posted claim (GET
/remittances/{key}), never posted to the ledger; MOA remark codes reach denials on ClaimDenied."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.adapters.received_event import received_from_upload
from rcm_schemas.events.claims import ClaimLine, ClaimSubmitted
from rcm_schemas.events.clearinghouse import RemittanceReceived
from rcm_schemas.events.remittance import ClaimDenied, PaymentPosted
from rcm_schemas.samples import sample_events
from rcm_x12 import read_835

TENANT = "clinic-a"
HEADERS = headers_for_tenant(TENANT)
D = Decimal

# By hand. CLM-M1 is paid 80.00 with an MOA (rate 0.8, HCPCS payable 80.00, remark MA01, non-payable professional
# component 5.25); CLM-M2 is denied with MOA remarks N20 and M15 and no MOA amount. 17 segments from ST to SE.
FILE_835 = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *250320*0900*^*00501*000000091*0*P*:~
GS*HP*PAYERX*CLINICY*20250320*0900*91*X*005010X221A1~
ST*835*0001~
BPR*I*80*C*CHK************20250320~
TRN*1*CHK-MOA1*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM-M1*1*100*80**12*PMCNM1~
MOA*0.8*80*MA01******5.25~
SVC*HC:99213*100*80**1~
DTM*472*20250305~
CAS*CO*45*20~
CLP*CLM-M2*4*100*0**12*PMCNM2~
MOA***N20*M15~
SVC*HC:99213*100*0**1~
DTM*472*20250305~
CAS*CO*197*100~
SE*17*0001~
GE*1*91~
IEA*1*000000091~
"""


def claim_submitted(claim_id: str, control: str) -> ClaimSubmitted:
    template = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    line = ClaimLine(line_number=1, procedure_code="99213", charge_amount=D(100), line_control_number=control)
    update = {
        "claim_id": claim_id,
        "encounter_id": f"enc-{claim_id}",
        "lines": (line,),
        "total_charge": D(100),
    }
    return template.model_copy(update=update)


def received(text: str) -> RemittanceReceived:
    return received_from_upload(read_835(text), text, None).model_copy(update={"source": "simulator"})


async def _posted(wired: InMemoryService, world: Any) -> dict[str, Any]:
    for claim_id, control in (("CLM-M1", "M1"), ("CLM-M2", "M2")):
        await wired.deliver(claim_submitted(claim_id, control), tenant_id=TENANT)
    await wired.deliver(received(FILE_835), tenant_id=TENANT)
    assert wired.dead_letters() == []
    [stored] = world.remittances.store.documents
    key = stored.split("|", 1)[1]  # stored under the tenant; the public key is the 835's own
    async with wired.http() as http:
        response = await http.get(f"/remittances/{key}", headers=HEADERS)
    assert response.status_code == 200, response.text
    return {claim["claim_id"]: claim for claim in response.json()["claims"]}


async def test_moa_amounts_are_shown_with_the_posted_claim_and_not_posted(
    wired: InMemoryService, world: Any
) -> None:
    claims = await _posted(wired, world)

    paid = claims["CLM-M1"]
    assert paid["outpatient_adjudication"] == {
        "reimbursement_rate": "0.8",
        "hcpcs_payable_amount": "80.00",
        "nonpayable_professional_component": "5.25",
    }
    assert paid["remark_codes"] == ["MA01"] and paid["inpatient_adjudication"] is None
    # Informational only: the books hold the payment and the CO-45, nothing of the 5.25 or the 80.00 again.
    posted = next(e for e in world.events(PaymentPosted) if e.claim_id == "CLM-M1")
    assert (posted.paid_amount, posted.contractual_adjustment, posted.open_balance) == (
        D("80.00"),
        D("20.00"),
        D("0.00"),
    )
    assert posted.ledger_entry_count == 2


async def test_moa_remark_codes_join_the_denied_claims_rarcs(wired: InMemoryService, world: Any) -> None:
    claims = await _posted(wired, world)

    assert claims["CLM-M2"]["remark_codes"] == ["N20", "M15"]
    assert claims["CLM-M2"]["outpatient_adjudication"] is None  # remarks only: no amount was sent
    [denied] = world.events(ClaimDenied)
    assert denied.claim_remark_codes == ("N20", "M15")
