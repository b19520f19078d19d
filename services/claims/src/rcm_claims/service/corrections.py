"""Use case for CorrectionRequested: build the replacement claim, scrub it, submit it.

Choice: the replacement is a NEW claim (new claim id, frequency 7, REF*F8 = payer's number of the original),
and the original moves to `replaced`. Why: CLM01 is echoed back in the 277CA and 835, so a distinct id lets
each adjudication land on the submission it answers, and each claim keeps a clean history of its own; the
link goes both ways (original.replaced_by_claim_id, replacement.original_claim_id). A rejected claim never
got a payer number, so its correction is sent as a new original (frequency 1) instead.

Rebilling: when the correction changes the payer (coverage corrected after a CO-27/CO-22/CO-109 denial), a
frequency-7 replacement would send the old payer's claim number to a payer that never saw the claim. The new
claim is then a new original (frequency 1, no REF*F8) to the new payer, still linked to the original through
original_claim_id, and the original is closed by the `rebilled` event (status replaced, "rebilled to <payer>").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import rcm_x12

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import (
    Correction,
    CorrectionError,
    apply_corrections,
    correction_fingerprint,
)
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimState, ClaimStatus, apply_event
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.service.decisions import CorrectionDecision
from rcm_claims.service.scrubbing import scrub_claim, submit_claim


def request_correction(
    original: ClaimRecord,
    corrections: Sequence[Correction],
    context: ScrubContext,
    *,
    correction_id: str,
    replacement_claim_id: str,
    transmission: rcm_x12.ClaimTransmission,
    controls: rcm_x12.ControlNumbers,
    event_id: str,
    at: datetime,
    payer_claim_control_number: str | None = None,
) -> CorrectionDecision:
    fingerprint = correction_fingerprint(corrections)
    if original.state.has_seen(event_id) or fingerprint in original.applied_correction_fingerprints:
        return CorrectionDecision(original, None, "duplicate", reason="this correction was already applied")
    try:
        corrected = apply_corrections(original.claim, corrections)
    except CorrectionError as error:
        return CorrectionDecision(original, None, "refused", reason=str(error))
    if corrected.content_fingerprint() in original.submitted_content_fingerprints:
        return CorrectionDecision(
            original, None, "refused", reason="the correction leaves the claim unchanged"
        )
    new_payer = corrected.coverage.payer_id
    rebilled = new_payer != original.claim.coverage.payer_id
    details = {"correction_id": correction_id, "replaced_by": replacement_claim_id}
    if rebilled:
        details["reason"] = f"rebilled to {new_payer}"
    transition = apply_event(
        original.state, ClaimEvent.REBILLED if rebilled else ClaimEvent.REPLACED, event_id, at, details
    )
    if transition.outcome != "applied":
        return CorrectionDecision(original, None, transition.outcome, reason=transition.reason)

    # The old payer's number means nothing to a new payer: a rebilled claim is a new original without it.
    payer_number = "" if rebilled else payer_claim_control_number or original.payer_claim_control_number
    replacement_claim = corrected.model_copy(
        update={
            "claim_id": replacement_claim_id,
            "frequency_code": "7" if payer_number else "1",
            "payer_claim_control_number": payer_number,
            "original_claim_id": original.claim_id,
            "lines": tuple(
                line.model_copy(update={"line_control_number": f"{replacement_claim_id}-{line.line_number}"})
                for line in corrected.lines
            ),
        }
    )
    # The replacement starts its own history but remembers what was sent, so it cannot go out unchanged.
    replacement = ClaimRecord(
        claim=replacement_claim,
        state=ClaimState(),
        submitted_content_fingerprints=original.submitted_content_fingerprints,
    )
    scrubbed = scrub_claim(
        replacement, context, event_id=f"{event_id}:scrub", at=at, work_item_id=f"WI-{replacement_claim_id}"
    )
    events = scrubbed.events
    replacement = scrubbed.record
    if replacement.status is ClaimStatus.SCRUBBED:
        submitted = submit_claim(
            replacement, transmission=transmission, controls=controls, event_id=f"{event_id}:submit", at=at
        )
        replacement, events = submitted.record, (*events, *submitted.events)
    updated_original = original.model_copy(
        update={
            "state": transition.state,
            "replaced_by_claim_id": replacement_claim_id,
            "applied_correction_fingerprints": (*original.applied_correction_fingerprints, fingerprint),
        }
    )
    return CorrectionDecision(updated_original, replacement, "applied", events)
