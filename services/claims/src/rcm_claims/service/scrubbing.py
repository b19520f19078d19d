"""Use cases before the claim leaves: scrub (and hold), biller edit, biller release, submit as 837P, or bill the
patient for a self-pay visit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import rcm_x12

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import Correction, apply_corrections
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimStatus, apply_event
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.scrubber import scrub
from rcm_claims.domain.to_x12 import write_claims_837p
from rcm_claims.domain.work_items import open_work_item, record_edit, release, update_findings
from rcm_claims.service.decisions import ClaimDecision
from rcm_claims.service.outgoing_events import claim_held, claim_submitted, self_pay_claim_billed


def scrub_claim(
    record: ClaimRecord,
    context: ScrubContext,
    *,
    event_id: str,
    at: datetime,
    work_item_id: str,
    accepted_rule_ids: Iterable[str] = (),
    passed_event: ClaimEvent = ClaimEvent.SCRUB_PASSED,
) -> ClaimDecision:
    """Scrub; auto-fixes are kept with their audit; blocking findings hold the claim with a work item."""
    result = scrub(record.claim, context, accepted_rule_ids=accepted_rule_ids)
    event = passed_event if result.passed else ClaimEvent.SCRUB_HELD
    details = {"rules": ",".join(sorted(result.rule_ids))} if result.findings else {}
    transition = apply_event(record.state, event, event_id, at, details)
    if not transition.changed:
        return ClaimDecision(record, transition.outcome, reason=transition.reason)
    item = record.work_item
    if result.passed:
        item = update_findings(item, (), at) if item is not None and item.status == "open" else item
    elif item is None or item.status != "open":
        claim = record.claim
        item = open_work_item(
            work_item_id, claim.claim_id, claim.tenant_id, claim.coverage.payer_id, result.blocking, at
        )
    else:
        item = update_findings(item, result.blocking, at)
    updated = record.model_copy(
        update={
            "claim": result.claim,
            "state": transition.state,
            "findings": result.findings,
            "audit": (*record.audit, *result.audit),
            "work_item": item,
        }
    )
    events = (
        ()
        if result.passed or item is None
        else (claim_held(result.claim, item.work_item_id, result.blocking),)
    )
    return ClaimDecision(updated, "applied", events)


def edit_held_claim(
    record: ClaimRecord,
    corrections: Sequence[Correction],
    context: ScrubContext,
    *,
    by: str,
    event_id: str,
    at: datetime,
) -> ClaimDecision:
    """A biller's edit: apply, note it on the work item, re-scrub (which may clear or re-hold the claim)."""
    if record.state.has_seen(event_id):
        return ClaimDecision(record, "duplicate", reason=f"event {event_id} already applied")
    if record.status is not ClaimStatus.HELD or record.work_item is None:
        return ClaimDecision(
            record, "refused", reason=f"only a held claim can be edited, not {record.status}"
        )
    edited = record.model_copy(
        update={
            "claim": apply_corrections(record.claim, corrections),
            "work_item": record_edit(record.work_item, by, ", ".join(c.kind for c in corrections), at),
        }
    )
    return scrub_claim(edited, context, event_id=event_id, at=at, work_item_id=record.work_item.work_item_id)


def release_held_claim(
    record: ClaimRecord,
    context: ScrubContext,
    *,
    by: str,
    accepted_rule_ids: Iterable[str],
    event_id: str,
    at: datetime,
) -> ClaimDecision:
    """Release with the biller's acceptance of some findings; anything else still blocking keeps it held."""
    if record.status is not ClaimStatus.HELD or record.work_item is None:
        return ClaimDecision(
            record, "refused", reason=f"only a held claim can be released, not {record.status}"
        )
    accepted = tuple(accepted_rule_ids)
    decision = scrub_claim(
        record,
        context,
        event_id=event_id,
        at=at,
        work_item_id=record.work_item.work_item_id,
        accepted_rule_ids=accepted,
        passed_event=ClaimEvent.RELEASED,
    )
    if decision.record.status is ClaimStatus.SCRUBBED and decision.record.work_item is not None:
        released = release(decision.record.work_item, by, accepted, at)
        return ClaimDecision(decision.record.model_copy(update={"work_item": released}), decision.outcome)
    return decision


def submit_claim(
    record: ClaimRecord,
    *,
    transmission: rcm_x12.ClaimTransmission,
    controls: rcm_x12.ControlNumbers,
    event_id: str,
    at: datetime,
) -> ClaimDecision:
    """Write the 837P for a scrubbed claim and emit ClaimSubmitted; an unchanged claim is never sent twice."""
    fingerprint = record.claim.content_fingerprint()
    if record.status is ClaimStatus.SCRUBBED and fingerprint in record.submitted_content_fingerprints:
        return ClaimDecision(record, "refused", reason="this exact claim content was already submitted")
    transition = apply_event(
        record.state,
        ClaimEvent.SUBMITTED,
        event_id,
        at,
        {"interchange_control_number": str(controls.interchange)},
    )
    if transition.outcome != "applied":
        return ClaimDecision(record, transition.outcome, reason=transition.reason)
    text = write_claims_837p([record.claim], transmission, controls)
    updated = record.model_copy(
        update={
            "state": transition.state,
            "x12_837p": text,
            "submitted_content_fingerprints": (*record.submitted_content_fingerprints, fingerprint),
        }
    )
    return ClaimDecision(updated, "applied", (claim_submitted(record.claim, text, controls),))


def bill_patient(record: ClaimRecord, *, event_id: str, at: datetime) -> ClaimDecision:
    """A scrubbed self-pay claim becomes the patient's bill (SelfPayClaimBilled): no 837P, no payer, no
    clearinghouse; what the patient owes is booked by remittance."""
    transition = apply_event(record.state, ClaimEvent.BILLED_TO_PATIENT, event_id, at)
    if transition.outcome != "applied":
        return ClaimDecision(record, transition.outcome, reason=transition.reason)
    updated = record.model_copy(update={"state": transition.state})
    return ClaimDecision(updated, "applied", (self_pay_claim_billed(record.claim),))
