"""Clearinghouse and remittance events (wire) -> the lifecycle event they mean for our claim.

The details kept in the claim's history are those a biller reads in the timeline (status codes, trace
number, amounts in cents); never names or member ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rcm_schemas import Event, to_cents
from rcm_schemas.events.clearinghouse import ClaimAcknowledged, ClaimRejected
from rcm_schemas.events.remittance import (
    ClaimDenied,
    ClaimPaid,
    ClaimPartiallyPaid,
    ClaimReversed,
    _Adjudicated,
)

from rcm_claims.domain.lifecycle import ClaimEvent

PAYER_FACT_EVENTS: dict[type[Event], ClaimEvent] = {
    ClaimAcknowledged: ClaimEvent.ACKNOWLEDGED,
    ClaimRejected: ClaimEvent.REJECTED,
    ClaimPaid: ClaimEvent.PAID,
    ClaimPartiallyPaid: ClaimEvent.PARTIALLY_PAID,
    ClaimDenied: ClaimEvent.DENIED,
    ClaimReversed: ClaimEvent.REVERSED,
}
"""The clearinghouse's and remittance's facts about a claim, by class (the consumer subscribes to these)."""
_BY_TYPE = {event_class.EVENT_TYPE: claim_event for event_class, claim_event in PAYER_FACT_EVENTS.items()}


@dataclass(frozen=True)
class PayerFact:
    claim_id: str
    event: ClaimEvent
    payer_claim_control_number: str | None
    details: dict[str, str] = field(default_factory=dict)


def _adjudication_details(event: _Adjudicated) -> dict[str, str]:
    details = {
        "trace_number": event.trace_number,
        "claim_status_code": event.claim_status_code,
        "charge_cents": str(to_cents(event.charge_amount)),
        "paid_cents": str(to_cents(event.paid_amount)),
        "patient_responsibility_cents": str(to_cents(event.patient_responsibility)),
    }
    carcs = sorted(
        {adjustment.carc for line in event.lines for adjustment in line.adjustments}
        | {adjustment.carc for adjustment in event.claim_adjustments}
    )
    if carcs:
        details["carc_codes"] = ",".join(carcs)
    if isinstance(event, ClaimDenied):
        details["denied_cents"] = str(to_cents(event.denied_amount))
    return details


def payer_fact_from(event: Event) -> PayerFact:
    claim_event = _BY_TYPE[event.EVENT_TYPE]
    match event:
        case ClaimAcknowledged():
            details = {
                "ack_kind": event.ack_kind,
                "interchange_control_number": event.interchange_control_number,
            }
            if event.status_code:
                details["status_code"] = event.status_code
            return PayerFact(event.claim_id, claim_event, event.payer_claim_control_number, details)
        case ClaimRejected():
            details = {"ack_kind": event.ack_kind, "reason": event.reason}
            if event.reason_code:
                details["reason_code"] = event.reason_code
            return PayerFact(event.claim_id, claim_event, None, details)
        case ClaimReversed():
            # The reversal's CLP07 names the reversal, not the claim: keep the number REF*F8 will need.
            details = _adjudication_details(event)
            if event.payer_claim_control_number:
                details["reversal_payer_claim_control_number"] = event.payer_claim_control_number
            return PayerFact(event.claim_id, claim_event, None, details)
        case ClaimPaid() | ClaimPartiallyPaid() | ClaimDenied():
            return PayerFact(
                event.claim_id, claim_event, event.payer_claim_control_number, _adjudication_details(event)
            )
    raise ValueError(f"{event.EVENT_TYPE} is not a payer fact about a claim")
