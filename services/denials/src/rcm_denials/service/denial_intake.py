"""Use cases for incoming denials, rejections and payments: classify, auto-correct or route, resolve.

Pure functions: the caller loads the case, passes ids it generated (deterministic from the event id, so a
replay produces the same ids), stores the returned case and publishes the returned facts in one write.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from rcm_denials.domain.billing_models import TenantBillingConfig
from rcm_denials.domain.classification import classify_denial, decide_rejection
from rcm_denials.domain.corrections import (
    DEFAULT_ATTEMPT_LIMIT,
    CorrectionRequest,
    attempt_of,
    check_loop_guard,
)
from rcm_denials.domain.deadlines import PayerTerms, denial_deadlines
from rcm_denials.domain.denial_case import CaseOutcome, DenialCase
from rcm_denials.domain.denial_facts import (
    ClaimCircumstances,
    ClaimDecision,
    DenialSource,
    DeniedLine,
    FrozenModel,
    RecommendedAction,
)
from rcm_denials.domain.fix_proposals import ClaimFactsForCorrection, propose_fixes
from rcm_denials.domain.work_items import WorkItem


class DenialReceived(FrozenModel):
    """A ClaimDenied, translated: every denial adjustment of the claim as a DeniedLine."""

    event_id: str
    tenant_id: str
    claim_id: str
    encounter_id: str | None = None
    """Known when remittance matched the claim to one we sent: a registration correction is found by it."""
    payer_id: str
    denial_id: str
    denial_date: date
    date_of_service: date | None = None
    payer_claim_control_number: str | None = None
    lines: tuple[DeniedLine, ...]
    circumstances: ClaimCircumstances = ClaimCircumstances()
    correction_facts: ClaimFactsForCorrection | None = None
    """What claims knows about the lines; without it nothing is corrected automatically."""
    charge_amount: Decimal = Field(default=Decimal("0.00"), ge=0)
    billing_provider_npi: str | None = None
    """Kept with the case for its appeal letter and the analytics by provider."""


class RejectionReceived(FrozenModel):
    event_id: str
    tenant_id: str
    claim_id: str
    payer_id: str
    rejection_id: str
    rejected_on: date
    date_of_service: date | None = None
    segment: str | None = None
    total_charge: Decimal | None = None
    specialty_claim: bool = False


class PaymentReceived(FrozenModel):
    """A ClaimPaid (or a partial payment without denied lines), translated."""

    event_id: UUID
    tenant_id: str
    claim_id: str
    paid_amount: Decimal
    paid_on: date


class GeneratedIds(FrozenModel):
    work_item_id: str
    correction_id: str


class IntakeResult(FrozenModel):
    case: DenialCase
    changed: bool
    routed: WorkItem | None = None
    correction: CorrectionRequest | None = None
    loop_guard_refusal: str | None = None


def open_or_reopen(
    existing: DenialCase | None, event_id: str, at: datetime, tenant_id: str, claim_id: str, payer_id: str,
    denial_id: str, denial_date: date, date_of_service: date | None, decision: ClaimDecision,
) -> DenialCase:  # fmt: skip
    if existing is None:
        return DenialCase.opened(
            event_id=event_id, at=at, tenant_id=tenant_id, claim_id=claim_id, payer_id=payer_id,
            denial_id=denial_id, denial_date=denial_date, date_of_service=date_of_service, decision=decision,
        )  # fmt: skip
    return existing.denied_again(
        event_id=event_id, at=at, denial_id=denial_id, denial_date=denial_date, decision=decision
    )


def route_to_work_queue(
    case: DenialCase, event_id: str, at: datetime, config: TenantBillingConfig, terms: PayerTerms,
    ids: GeneratedIds, specialty_claim: bool,
) -> tuple[DenialCase, WorkItem]:  # fmt: skip
    leading = case.decision.leading
    deadlines = denial_deadlines(case.denial_date, case.date_of_service, terms)
    # A rejection (or a claim the payer never decided) has no appeal limit: only timely filing counts.
    unadjudicated = case.decision.source in (DenialSource.ACKNOWLEDGMENT, DenialSource.PAYER_SILENCE)
    deadline = deadlines.resubmit_by if unadjudicated else deadlines.nearest
    item = WorkItem(
        work_item_id=ids.work_item_id, tenant_id=case.tenant_id, claim_id=case.claim_id,
        denial_id=case.denial_id, payer_id=case.payer_id, queue=leading.queue,
        team=config.team_for(leading.queue, specialty_claim=specialty_claim), root_cause=leading.root_cause,
        recommended_action=leading.action, rule_id=leading.rule_id, carc_codes=case.decision.carc_codes,
        amount_at_risk=case.decision.amount_at_risk, deadline=deadline, created_at=at,
    )  # fmt: skip
    return case.routed(event_id=f"{event_id}#route", at=at, work_item=item), item


def on_claim_denied(
    existing: DenialCase | None,
    denial: DenialReceived,
    config: TenantBillingConfig,
    terms: PayerTerms,
    ids: GeneratedIds,
    at: datetime,
    attempt_limit: int = DEFAULT_ATTEMPT_LIMIT,
) -> IntakeResult:
    if existing is not None and existing.has_processed(denial.event_id):
        return IntakeResult(case=existing, changed=False)
    # CARCs are judged by the date of service, as every code set here; the denial date stands in without one.
    decision = classify_denial(
        denial.lines, denial.circumstances, denial.date_of_service or denial.denial_date
    )
    case = open_or_reopen(
        existing, denial.event_id, at, denial.tenant_id, denial.claim_id, denial.payer_id, denial.denial_id,
        denial.denial_date, denial.date_of_service, decision,
    )  # fmt: skip
    if all(item.classification.action is RecommendedAction.CLOSE_NO_ACTION for item in decision.lines):
        closed = case.resolved(
            event_id=f"{denial.event_id}#close", at=at, actor="system", outcome=CaseOutcome.DUPLICATE_CLOSED
        )
        return IntakeResult(case=closed, changed=True)
    refusal = None
    fixes = propose_fixes(decision, denial.correction_facts) if denial.correction_facts else ()
    if fixes:
        verdict = check_loop_guard(case.corrections, fixes, attempt_limit)
        if verdict.allowed:
            request = CorrectionRequest(
                claim_id=case.claim_id, denial_id=case.denial_id, correction_id=ids.correction_id,
                attempt=len(case.corrections) + 1, reason_carc=decision.carc_codes[0], fixes=fixes,
                automatic=True,
            )  # fmt: skip
            corrected = case.correction_requested(
                event_id=f"{denial.event_id}#correct", at=at, actor="system", attempt=attempt_of(request, at)
            )
            return IntakeResult(case=corrected, changed=True, correction=request)
        refusal = verdict.reason
    routed, item = route_to_work_queue(
        case, denial.event_id, at, config, terms, ids, denial.circumstances.specialty_claim
    )
    return IntakeResult(case=routed, changed=True, routed=item, loop_guard_refusal=refusal)


def on_claim_rejected(
    existing: DenialCase | None,
    rejection: RejectionReceived,
    config: TenantBillingConfig,
    terms: PayerTerms,
    ids: GeneratedIds,
    at: datetime,
) -> IntakeResult:
    """A rejection is routed for correction (the 277CA names a segment, not a fix we can apply)."""
    if existing is not None and existing.has_processed(rejection.event_id):
        return IntakeResult(case=existing, changed=False)
    decision = decide_rejection(rejection.segment, rejection.total_charge)
    case = open_or_reopen(
        existing, rejection.event_id, at, rejection.tenant_id, rejection.claim_id, rejection.payer_id,
        rejection.rejection_id, rejection.rejected_on, rejection.date_of_service, decision,
    )  # fmt: skip
    routed, item = route_to_work_queue(
        case, rejection.event_id, at, config, terms, ids, rejection.specialty_claim
    )
    return IntakeResult(case=routed, changed=True, routed=item)


def on_claim_paid(
    existing: DenialCase | None, event_id: str, paid_amount: Decimal, at: datetime
) -> DenialCase | None:
    """A payment on a claim with a denial case resolves it (paid after correction or appeal); else nothing."""
    if existing is None or paid_amount <= 0:
        return existing
    return existing.paid(event_id=event_id, at=at, paid_amount=paid_amount)
