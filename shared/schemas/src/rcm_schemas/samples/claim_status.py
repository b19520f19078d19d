"""Samples of the claim status follow-up events (276/277 and the escalation at the filing edge)."""

from __future__ import annotations

from datetime import date

from rcm_schemas import events as ev
from rcm_schemas.envelope import Event
from rcm_schemas.samples.parts import CLAIM, PAYER, D

X12_276 = (
    "ISA*00*          *00*          *ZZ*RCMCLEARHOUSE  *ZZ*AETNA01        *250421*0600*^*00501*000000401*0*P*:~"
    "GS*HR*RCMCLEARHOUSE*AETNA01*20250421*0600*401*X*005010X212~ST*276*0001*005010X212~"
    "TRN*1*CLM000123~SE*3*0001~GE*1*401~IEA*1*000000401~"
)
X12_277 = X12_276.replace("*HR*", "*HN*").replace("ST*276", "ST*277").replace("TRN*1", "TRN*2")


def claim_status_samples() -> list[Event]:
    return [
        ev.ClaimStatusInquired(
            claim_id=CLAIM,
            payer_id=PAYER,
            inquired_on=date(2025, 4, 21),
            submitted_on=date(2025, 3, 20),
            days_silent=32,
            inquiry_number=1,
            interchange_control_number="000000401",
            x12_276=X12_276,
        ),
        ev.ClaimStatusReported(
            claim_id=CLAIM,
            payer_id=PAYER,
            reported_on=date(2025, 4, 21),
            category="F1",
            status_code="3",
            group="finalized",
            label="Finalized: payment, the claim will be paid (3 adjudicated, awaiting the payment cycle)",
            paid_amount=D("96.40"),
            adjudication_date=date(2025, 4, 18),
            interchange_control_number="000000401",
            x12_277=X12_277,
        ),
        ev.ClaimStatusEscalated(
            claim_id=CLAIM,
            payer_id=PAYER,
            escalated_on=date(2025, 5, 20),
            date_of_service=date(2025, 3, 3),
            filing_deadline=date(2025, 6, 1),
            total_charge=D("180.00"),
            days_left=12,
            last_category="P1",
            reason="no payer decision 12 days before the timely filing limit (last status P1)",
        ),
    ]
