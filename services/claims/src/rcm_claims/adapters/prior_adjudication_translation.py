"""ClaimPaid / ClaimPartiallyPaid (wire) -> the prior payer's adjudication a next payer's claim carries."""

from __future__ import annotations

from datetime import date

from rcm_schemas.events.common import Adjustment
from rcm_schemas.events.remittance import ClaimPaid, ClaimPartiallyPaid

from rcm_claims.domain.claim import PriorAdjudication, PriorAdjustment, PriorLine

ADJUDICATED_EVENTS = (ClaimPaid, ClaimPartiallyPaid)
"""The payer decisions that may leave something for the next payer (a claim denied whole goes to denials)."""


def _adjustments(adjustments: tuple[Adjustment, ...]) -> tuple[PriorAdjustment, ...]:
    return tuple(PriorAdjustment(group_code=a.group_code, carc=a.carc, amount=a.amount) for a in adjustments)


def prior_adjudication_from(event: ClaimPaid | ClaimPartiallyPaid, received_on: date) -> PriorAdjudication:
    """The 835's payment date is the adjudication date (DTP*573), else the day remittance posted it."""
    return PriorAdjudication(
        claim_id=event.claim_id,
        paid=event.paid_amount,
        patient_responsibility=event.patient_responsibility,
        adjudicated_on=event.payment_date or received_on,
        claim_adjustments=_adjustments(event.claim_adjustments),
        lines=tuple(
            PriorLine(
                line_number=line.line_number,
                procedure_code=line.procedure_code,
                modifiers=tuple(line.modifiers),
                units=line.units,
                paid=line.paid_amount,
                adjustments=_adjustments(line.adjustments),
            )
            for line in event.lines
            if line.line_number is not None
        ),
    )
