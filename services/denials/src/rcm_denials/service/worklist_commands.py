"""Use cases for people working the denial queues: assign, correct, appeal, write off, resolve.

Each takes the command id, so a repeated command changes nothing; each records who did it in the case
history (the audit trail).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from rcm_denials.domain.appeal_letter import AppealLetterFacts, DenialReason, render_appeal_letter
from rcm_denials.domain.appeals import AppealFiledFact, DenialWrittenOffFact, file_appeal, write_off
from rcm_denials.domain.corrections import (
    DEFAULT_ATTEMPT_LIMIT,
    ClaimFix,
    CorrectionRequest,
    attempt_of,
    check_loop_guard,
)
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_case import CaseOutcome, DenialCase
from rcm_denials.domain.denial_facts import FrozenModel


class LoopGuardRefused(ValueError):
    """The correction would exceed the attempt limit or repeat a fix already sent for the claim."""


class AppealLimitUnknown(ValueError):
    """The payer has no appeal limit on file; the deadline cannot be computed, so nothing is filed."""


class FiledAppeal(FrozenModel):
    case: DenialCase
    fact: AppealFiledFact | None
    letter: str | None


def assign(case: DenialCase, *, command_id: str, actor: str, assignee: str, at: datetime) -> DenialCase:
    return case.assigned(event_id=command_id, at=at, actor=actor, assignee=assignee)


def request_correction(
    case: DenialCase, *, command_id: str, actor: str, fixes: tuple[ClaimFix, ...], correction_id: str,
    at: datetime, attempt_limit: int = DEFAULT_ATTEMPT_LIMIT,
) -> tuple[DenialCase, CorrectionRequest | None]:  # fmt: skip
    if case.has_processed(command_id):
        return case, None
    verdict = check_loop_guard(case.corrections, fixes, attempt_limit)
    if not verdict.allowed:
        raise LoopGuardRefused(verdict.reason)
    request = CorrectionRequest(
        claim_id=case.claim_id, denial_id=case.denial_id, correction_id=correction_id,
        attempt=len(case.corrections) + 1, reason_carc=next(iter(case.decision.carc_codes), None),
        fixes=fixes, automatic=False,
    )  # fmt: skip
    updated = case.correction_requested(
        event_id=command_id, at=at, actor=actor, attempt=attempt_of(request, at)
    )
    return updated, request


def appeal(
    case: DenialCase, *, command_id: str, actor: str, appeal_id: str, letter_document_id: str,
    terms: PayerTerms, provider_name: str, reasons: tuple[DenialReason, ...],
    procedure_codes: tuple[str, ...], argument: str | None, payer_claim_control_number: str | None,
    today: date, at: datetime,
) -> FiledAppeal:  # fmt: skip
    """File the next-level appeal with its generated letter; refused after the payer's appeal limit."""
    if case.has_processed(command_id):
        return FiledAppeal(case=case, fact=None, letter=None)
    if terms.appeal_limit_days is None:
        raise AppealLimitUnknown(f"payer {terms.payer_id} has no appeal limit on file")
    level = len([earlier for earlier in case.appeals if earlier.denial_id == case.denial_id]) + 1
    record, fact = file_appeal(
        appeal_id=appeal_id, claim_id=case.claim_id, denial_id=case.denial_id, payer_id=case.payer_id,
        denial_date=case.denial_date, appeal_limit_days=terms.appeal_limit_days, amount=case.open_amount,
        carc_codes=case.decision.carc_codes, letter_document_id=letter_document_id, filed_by=actor,
        today=today, level=level,
    )  # fmt: skip
    letter = render_appeal_letter(
        AppealLetterFacts(
            claim_id=case.claim_id, payer_name=terms.payer_name or terms.payer_id,
            payer_claim_control_number=payer_claim_control_number, provider_name=provider_name,
            date_of_service=case.date_of_service, denial_date=case.denial_date,
            appeal_deadline=record.deadline, procedure_codes=procedure_codes, reasons=reasons, level=level,
            argument=argument,
        ),
        today,
    )  # fmt: skip
    updated = case.appeal_filed(event_id=command_id, at=at, actor=actor, appeal=record)
    return FiledAppeal(case=updated, fact=fact, letter=letter)


def write_off_denial(
    case: DenialCase, *, command_id: str, actor: str, amount: Decimal | None, reason: str, at: datetime
) -> tuple[DenialCase, DenialWrittenOffFact | None]:
    if case.has_processed(command_id):
        return case, None
    fact = write_off(
        claim_id=case.claim_id, denial_id=case.denial_id, payer_id=case.payer_id,
        open_amount=case.open_amount, amount=amount, root_cause=case.decision.leading.root_cause,
        carc_codes=case.decision.carc_codes, reason=reason, approved_by=actor,
    )  # fmt: skip
    updated = case.written_off(
        event_id=command_id, at=at, actor=actor, amount=fact.amount, reason=fact.reason
    )
    return updated, fact


def bill_patient(case: DenialCase, *, command_id: str, actor: str, at: datetime) -> DenialCase:
    return case.patient_billed(event_id=command_id, at=at, actor=actor)


def resolve(
    case: DenialCase, *, command_id: str, actor: str, outcome: CaseOutcome, at: datetime
) -> DenialCase:
    """Close without money changing hands here (secondary billed, no action needed, duplicate)."""
    return case.resolved(event_id=command_id, at=at, actor=actor, outcome=outcome)
