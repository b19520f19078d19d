"""Use cases: one pure function per command or event, returning a decision (record to store + events)."""

from rcm_claims.service.corrections import request_correction
from rcm_claims.service.decisions import ClaimDecision, CorrectionDecision
from rcm_claims.service.payer_events import record_payer_event
from rcm_claims.service.scrubbing import edit_held_claim, release_held_claim, scrub_claim, submit_claim

__all__ = [
    "ClaimDecision",
    "CorrectionDecision",
    "edit_held_claim",
    "record_payer_event",
    "release_held_claim",
    "request_correction",
    "scrub_claim",
    "submit_claim",
]
