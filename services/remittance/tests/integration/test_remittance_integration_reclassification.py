"""Acceptance on the real stack: an amount adjusted under a CARC we have no category for (Z9) is held under review,
and a reviewer's reclassification (DenialReclassified on rcm.denials.events) moves it to denied, once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rcm_platform import Service
from rcm_platform.testing.waiting import wait_for
from rcm_remittance.settings import RemittanceSettings
from rcm_schemas import encode
from rcm_schemas.events.denials import DenialReclassified, ReclassifiedAdjustment
from remittance_scenarios import (
    claim_ledger,
    claim_submitted,
    deliver_835,
    posted_remittance,
    send,
    submit_claims,
)

pytestmark = pytest.mark.stack
D = Decimal

# By hand: CLM-RCL billed 100.00 (one line, control L1); the payer paid 70.00 and adjusted 30.00 under CO-Z9, a
# code X12 never issued. 19 segments from ST to SE.
FILE_835 = (
    "ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*RCMCLINIC      *240319*0800*^*00501*000000031*0*P*:~"
    "GS*HP*ACMEPAYER*RCMCLINIC*20240319*0800*31*X*005010X221A1~"
    "ST*835*0001~"
    "BPR*I*70*C*CHK************20240320~"
    "TRN*1*CHK-RCL*1371234567~"
    "N1*PR*ACME HEALTH PLAN~"
    "N3*PO BOX 1000~"
    "N4*CHICAGO*IL*606011000~"
    "REF*2U*ACME01~"
    "PER*BL**TE*8005550199~"
    "N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~"
    "N3*200 CLINIC DR~"
    "N4*SPRINGFIELD*IL*627045678~"
    "LX*1~"
    "CLP*CLM-RCL*1*100*70**12*ICN-RCL~"
    "NM1*QC*1*DOE*JANE****MI*W123456789~"
    "SVC*HC:99213*100*70**1~"
    "DTM*472*20240304~"
    "CAS*CO*Z9*30~"
    "REF*6R*L1~"
    "SE*19*0001~"
    "GE*1*31~"
    "IEA*1*000000031~"
)


async def test_a_reclassified_code_moves_the_amount_under_review_to_denied(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-RCL", [("99213", (), "100.00", "L1")])
    )
    [key] = await deliver_835(remittance_service, remittance_settings, FILE_835)
    view = await posted_remittance(remittance_service, key)
    assert view["reconciliation"]["balanced"] is True
    before = (await claim_ledger(remittance_service, "CLM-RCL"))["balance"]
    assert (before["unclassified_under_review"], before["denied"], before["insurance_balance"]) == (
        "30.00",
        "0.00",
        "30.00",
    )

    reclassified = DenialReclassified(
        claim_id="CLM-RCL",
        denial_id="den-rcl",
        category="coding",
        adjustments=(ReclassifiedAdjustment(group_code="CO", carc="Z9"),),
        reclassified_by="reviewer.ng",
    )
    message = await send(remittance_service, remittance_settings, reclassified)
    # The same event again (a redelivery): the entry id comes from the event id and the entry it moves.
    await remittance_service.publisher.send_raw(
        remittance_settings.topic("rcm.denials.events"), encode(message), key=b"CLM-RCL", headers={}
    )

    async def moved() -> bool:
        balance = (await claim_ledger(remittance_service, "CLM-RCL"))["balance"]
        return bool(balance["unclassified_under_review"] == "0.00")

    await wait_for(moved, what="the reclassification in the claim's account")
    ledger = await claim_ledger(remittance_service, "CLM-RCL")
    assert [e["amount"] for e in ledger["entries"] if e["kind"] == "reclassification"] == ["30.00"]
    balance = ledger["balance"]
    assert (balance["denied"], balance["denied_open"], balance["status"]) == ("30.00", "30.00", "denied")
    # Moving it changes no balance: 100.00 - 70.00 paid, still owed by the payer.
    assert balance["insurance_balance"] == "30.00"
    assert (await posted_remittance(remittance_service, key))["reconciliation"]["balanced"] is True
