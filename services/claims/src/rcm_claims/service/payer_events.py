"""Use case for what the clearinghouse and the payer report: acknowledgements, rejections, adjudications."""

from __future__ import annotations

from datetime import datetime

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimEvent, apply_event
from rcm_claims.service.decisions import ClaimDecision


def record_payer_event(
    record: ClaimRecord,
    event: ClaimEvent,
    *,
    event_id: str,
    at: datetime,
    payer_claim_control_number: str | None = None,
    details: dict[str, str] | None = None,
) -> ClaimDecision:
    """ClaimAcknowledged, ClaimRejected, ClaimPaid, ClaimPartiallyPaid, ClaimDenied, ClaimReversed -> state.

    `at` is the event's occurred_at: a fact older than the last one applied is kept in the history as stale.
    The payer's claim number is kept from the first fact that carries it (needed later as REF*F8).
    """
    all_details = dict(details or {})
    if payer_claim_control_number:
        all_details["payer_claim_control_number"] = payer_claim_control_number
    transition = apply_event(record.state, event, event_id, at, all_details)
    if not transition.changed:
        return ClaimDecision(record, transition.outcome, reason=transition.reason)
    update: dict[str, object] = {"state": transition.state}
    if payer_claim_control_number and transition.outcome == "applied":
        update["payer_claim_control_number"] = payer_claim_control_number
    return ClaimDecision(record.model_copy(update=update), transition.outcome)
