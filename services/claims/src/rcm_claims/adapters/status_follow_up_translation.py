"""Wire -> domain: the clearinghouse's claim status follow-up (276 sent, 277 answer, escalation) as notes on
the claim's timeline, with the simulated days and the payer's status in the details (no PHI: no X12 text)."""

from __future__ import annotations

from dataclasses import dataclass

from rcm_schemas import Event
from rcm_schemas.events.claim_status import ClaimStatusEscalated, ClaimStatusInquired, ClaimStatusReported

from rcm_claims.domain.lifecycle import ClaimEvent

STATUS_FOLLOW_UP_EVENTS: tuple[type[Event], ...] = (
    ClaimStatusInquired,
    ClaimStatusReported,
    ClaimStatusEscalated,
)


@dataclass(frozen=True)
class StatusNote:
    claim_id: str
    event: ClaimEvent
    details: dict[str, str]


def status_note_from(event: Event) -> StatusNote:
    if isinstance(event, ClaimStatusInquired):
        details = {
            "inquired_on": event.inquired_on.isoformat(),
            "inquiry_number": str(event.inquiry_number),
            "days_silent": str(event.days_silent),
            "interchange_control_number": event.interchange_control_number,
        }
        return StatusNote(event.claim_id, ClaimEvent.STATUS_INQUIRED, details)
    if isinstance(event, ClaimStatusReported):
        details = {
            "reported_on": event.reported_on.isoformat(),
            "category": event.category,
            "status_code": event.status_code,
            "group": event.group,
            "label": event.label,
        }
        if event.paid_amount is not None:
            details["paid_amount"] = str(event.paid_amount)
        return StatusNote(event.claim_id, ClaimEvent.STATUS_REPORTED, details)
    if isinstance(event, ClaimStatusEscalated):
        details = {
            "escalated_on": event.escalated_on.isoformat(),
            "filing_deadline": event.filing_deadline.isoformat(),
            "days_left": str(event.days_left),
            "reason": event.reason,
        }
        return StatusNote(event.claim_id, ClaimEvent.STATUS_ESCALATED, details)
    raise TypeError(f"not a claim status follow-up event: {type(event).__name__}")
