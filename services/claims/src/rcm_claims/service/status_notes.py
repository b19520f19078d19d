"""Use case: a note on the claim's timeline from the claim status follow-up (276/277, escalation).

The note changes no status: the payer's "pending" or "finalized" is its word until its 835 arrives, and the
escalated claim is worked in denials' billing queue. The timeline is GET /claims/{id}'s history.
"""

from __future__ import annotations

from rcm_schemas import EventMessage

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimEvent, note_event
from rcm_claims.service.claim_workflow import ClaimWorkflow
from rcm_claims.service.decisions import ClaimDecision
from rcm_claims.service.ports import UnknownClaim


async def note_claim_status(
    workflow: ClaimWorkflow, claim_id: str, event: ClaimEvent, details: dict[str, str], cause: EventMessage
) -> str:
    event_id, at = str(cause.envelope.event_id), cause.envelope.occurred_at

    def decide(existing: ClaimRecord | None) -> ClaimDecision:
        if existing is None:
            raise UnknownClaim(f"claim {claim_id} is unknown to the claims service")
        transition = note_event(existing.state, event, event_id, at, details)
        return ClaimDecision(existing.model_copy(update={"state": transition.state}), transition.outcome)

    return await workflow.claims.apply(claim_id, cause, decide)
