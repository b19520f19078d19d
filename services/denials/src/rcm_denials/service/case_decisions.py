"""Decisions on the DenialCase aggregate for incoming denials, rejections and payments.

Each returns the kit's Decision (the stored state and the events to publish in the same write) or None when
nothing changes. Pure: the caller passes the tenant's billing model, the payer's terms and the event time.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from rcm_platform.ports import Decision, State
from rcm_schemas import Event

from rcm_denials.domain.billing_models import TenantBillingConfig
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_case import InvalidCaseTransition
from rcm_denials.service.case_documents import CaseContext, case_of, case_state, context_of
from rcm_denials.service.denial_intake import (
    DenialReceived,
    IntakeResult,
    RejectionReceived,
    on_claim_denied,
    on_claim_paid,
    on_claim_rejected,
)
from rcm_denials.service.derived_ids import generated_ids
from rcm_denials.service.outgoing_translation import correction_requested, denial_routed


def _decision(result: IntakeResult, context: CaseContext) -> Decision:
    events: list[Event] = []
    if result.correction is not None:
        events.append(correction_requested(result.correction, context.payer_claim_control_number))
    if result.routed is not None:
        events.append(denial_routed(result.routed, result.case.decision.source))
    return Decision(case_state(result.case, context), events)


def decide_denial(
    state: State | None,
    denial: DenialReceived,
    *,
    config: TenantBillingConfig,
    terms: PayerTerms,
    at: datetime,
    attempt_limit: int,
) -> Decision | None:
    existing = case_of(state)
    if existing is not None and existing.denial_id == denial.denial_id:
        return None  # the same 835 denial re-emitted under a new event id: one denial, one work item
    result = on_claim_denied(
        existing, denial, config, terms, generated_ids(denial.event_id), at, attempt_limit
    )
    if not result.changed:
        return None
    earlier = context_of(state)
    context = CaseContext(
        payer_claim_control_number=denial.payer_claim_control_number,
        charge_amount=denial.charge_amount,
        billing_provider_npi=denial.billing_provider_npi,
        denial_event_ids=(*earlier.denial_event_ids, denial.event_id),
        encounter_id=denial.encounter_id or earlier.encounter_id,
    )
    return _decision(result, context)


def decide_rejection(
    state: State | None,
    rejection: RejectionReceived,
    *,
    config: TenantBillingConfig,
    terms: PayerTerms,
    at: datetime,
) -> Decision | None:
    existing = case_of(state)
    if existing is not None and existing.denial_id == rejection.rejection_id:
        return None
    result = on_claim_rejected(existing, rejection, config, terms, generated_ids(rejection.event_id), at)
    if not result.changed:
        return None
    earlier = context_of(state)
    context = earlier.model_copy(
        update={
            "charge_amount": rejection.total_charge or earlier.charge_amount,
            "denial_event_ids": (*earlier.denial_event_ids, rejection.event_id),
        }
    )
    return _decision(result, context)


def decide_payment(
    state: State | None, *, event_id: str, paid_amount: Decimal, at: datetime
) -> Decision | None:
    """A payment resolves an open case on the claim (e.g. paid after correction); no case, nothing to do."""
    existing = case_of(state)
    if existing is None or existing.has_processed(event_id):
        return None
    try:
        paid = on_claim_paid(existing, event_id, paid_amount, at)
    except InvalidCaseTransition:
        return None  # e.g. already billed to the patient: the payment is remittance's to post, not ours
    if paid is None or paid is existing:
        return None
    return Decision(case_state(paid, context_of(state)), [])
