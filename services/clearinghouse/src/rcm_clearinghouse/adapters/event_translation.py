"""Wire <-> domain: ClaimSubmitted in, ClaimAcknowledged / ClaimRejected / RemittanceReceived out."""

from __future__ import annotations

from rcm_schemas import Event
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.clearinghouse import ClaimAcknowledged, ClaimRejected, RemittanceReceived

from rcm_clearinghouse.service.claim_intake import IntakePlan, Submission
from rcm_clearinghouse.service.outcomes import (
    ClaimAcknowledgmentOutcome,
    FileAcknowledgment,
    RemittanceDocument,
    SentClaim,
)

MAX_CONTROL_NUMBER_DIGITS = 9
REASON_MAX = 500


def submission_from(event: ClaimSubmitted) -> Submission:
    return Submission(
        claim_id=event.claim_id,
        payer_id=event.payer_id,
        frequency_code=event.frequency_code,
        original_claim_id=event.original_claim_id,
        interchange_control_number=event.interchange_control_number,
        x12_837p=event.x12_837p,
    )


def _control_number(value: str, fallback: str) -> str:
    """ISA13 as read from the file; the event's own number when the file was too broken to read it."""
    digits = value.strip()
    if digits.isdigit() and len(digits) <= MAX_CONTROL_NUMBER_DIGITS and int(digits) > 0:
        return digits
    return fallback


def file_rejection_events(file: FileAcknowledgment, submission: Submission | SentClaim) -> list[Event]:
    """A 999 rejection names the segment at fault; each ClaimSubmitted carries one claim, so one event."""
    problem = file.problem
    return [
        ClaimRejected(
            claim_id=submission.claim_id,
            payer_id=submission.payer_id,
            ack_kind="999",
            interchange_control_number=_control_number(
                file.interchange_control_number, submission.interchange_control_number
            ),
            reason=((problem.reason if problem else None) or "file rejected")[:REASON_MAX],
            reason_code=(problem.error_code or None) if problem else None,
            segment=problem.segment if problem else None,
            segment_position=(problem.segment_position or None) if problem else None,
            element_position=(problem.element_position or None) if problem else None,
        )
    ]


def claim_outcome_event(outcome: ClaimAcknowledgmentOutcome, fallback_interchange: str) -> Event:
    interchange = _control_number(outcome.interchange_control_number, fallback_interchange)
    if outcome.accepted:
        return ClaimAcknowledged(
            claim_id=outcome.claim_id,
            payer_id=outcome.payer_id,
            ack_kind="277CA",
            interchange_control_number=interchange,
            payer_claim_control_number=outcome.payer_claim_control_number,
            status_code=outcome.status_code,
        )
    return ClaimRejected(
        claim_id=outcome.claim_id,
        payer_id=outcome.payer_id,
        ack_kind="277CA",
        interchange_control_number=interchange,
        reason=(outcome.reason or "rejected")[:REASON_MAX],
        reason_code=outcome.status_code,
        date_of_service=outcome.date_of_service,
        total_charge=outcome.total_charge,
    )


def intake_events(plan: IntakePlan, submission: Submission) -> list[Event]:
    if plan.file_rejection is not None:
        return file_rejection_events(plan.file_rejection, submission)
    if plan.claim_outcome is not None:
        return [claim_outcome_event(plan.claim_outcome, submission.interchange_control_number)]
    return []


def remittance_event(document: RemittanceDocument) -> RemittanceReceived:
    return RemittanceReceived(
        trace_number=document.trace_number,
        payer_id=document.payer_id,
        payer_name=document.payer_name,
        payment_amount=document.payment_amount,
        payment_method=document.payment_method,
        payment_date=document.payment_date,
        claim_count=document.claim_count,
        provider_adjustment_total=document.provider_adjustment_total,
        source=document.source,
        file_name=document.file_name,
        x12_835=document.x12_835,
    )
