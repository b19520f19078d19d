"""On the real stack, hand-written 835s: a reversal nothing replaces is published once as PaymentTakenBack, even
when the 835 is delivered twice; a reversal followed by the corrected claim in the same 835 publishes none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rcm_platform import Service
from rcm_platform.testing.waiting import wait_for
from rcm_remittance.settings import RemittanceSettings
from rcm_schemas.events.remittance import PaymentTakenBack
from remittance_scenarios import (
    claim_ledger,
    claim_submitted,
    deliver_835,
    posted_remittance,
    remittance_events,
    submit_claims,
)

pytestmark = pytest.mark.stack
D = Decimal
ENVELOPE = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *250401*0900*^*00501*000000{n}*0*P*:~
GS*HP*PAYERX*CLINICY*20250401*0900*{n}*X*005010X221A1~
ST*835*0001~
{body}GE*1*{n}~
IEA*1*000000{n}~
"""
PARTIES = "N1*PR*PRAIRIE MUTUAL*XV*PM001~\nN1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~\n"

# 11 segments from ST to SE each. CLM-TB1 and CLM-TB2 are paid 80.00 each (CO-45 20.00).
PAID = ENVELOPE.format(
    n=201,
    body="BPR*I*160*C*CHK************20250310~\nTRN*1*CHK-TB0*1512345678~\n"
    + PARTIES
    + "LX*1~\nCLP*CLM-TB1*1*100*80**12*ICN-TB1~\nCAS*CO*45*20~\n"
    + "CLP*CLM-TB2*1*100*80**12*ICN-TB2~\nCAS*CO*45*20~\nSE*11*0001~\n",
)
# 13 segments: CLM-TB1 is reversed and nothing else said of it; CLM-TB2 is reversed and paid again at 90.00.
# BPR02 = -80.00 + (-80.00 + 90.00).
TAKEN_BACK = ENVELOPE.format(
    n=202,
    body="BPR*I*-70*C*NON************20250401~\nTRN*1*CHK-TB1*1512345678~\n"
    + PARTIES
    + "LX*1~\nCLP*CLM-TB1*22*-100*-80**12*ICN-TB1~\nCAS*CO*45*-20~\n"
    + "CLP*CLM-TB2*22*-100*-80**12*ICN-TB2~\nCAS*CO*45*-20~\n"
    + "CLP*CLM-TB2*1*100*90**12*ICN-TB2B~\nCAS*CO*45*10~\nSE*13*0001~\n",
)


async def test_a_standalone_reversal_is_published_once_as_a_takeback(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    claims = [claim_submitted(c, [("99213", (), "100.00", c[-3:])]) for c in ("CLM-TB1", "CLM-TB2")]
    await submit_claims(remittance_service, remittance_settings, *claims)
    [paid_key] = await deliver_835(remittance_service, remittance_settings, PAID)
    await posted_remittance(remittance_service, paid_key)

    [key] = await deliver_835(remittance_service, remittance_settings, TAKEN_BACK)
    await deliver_835(remittance_service, remittance_settings, TAKEN_BACK)  # the clearinghouse sends it again
    view = await posted_remittance(remittance_service, key)
    assert view["reconciliation"]["balanced"] is True

    def files_handled() -> float:
        topic = remittance_settings.topic("rcm.clearinghouse.remittances")
        labels = {"topic": topic, "event_type": "RemittanceReceived", "outcome": "handled"}
        return (
            remittance_service.metrics.registry.get_sample_value("rcm_events_consumed_total", labels) or 0.0
        )

    async def all_three_handled() -> bool:
        return files_handled() == 3

    await wait_for(all_three_handled, what="the three 835 deliveries handled")  # the repeat published nothing

    # PAID: 2 x (PaymentPosted, ClaimPaid); TAKEN_BACK: 3 x 2 per-claim events, then the one takeback.
    events = await remittance_events(remittance_settings, at_least=11)
    takebacks = [e.payload for e in events if isinstance(e.payload, PaymentTakenBack)]
    assert len(events) == 11 and len(takebacks) == 1
    [taken] = takebacks
    assert (taken.claim_id, taken.takeback_kind, taken.amount, taken.trace_number) == (
        "CLM-TB1",
        "reversal",
        D("80.00"),
        "CHK-TB1",
    )
    assert taken.encounter_id == "enc-CLM-TB1"
    ledger = await claim_ledger(remittance_service, "CLM-TB1")
    assert ledger["balance"]["insurance_balance"] == "100.00"  # the payment is gone: owed again
