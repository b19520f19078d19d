"""Opening a case that is not a denial (a takeback, an escalated silent claim, an underpayment): the steps every
such intake shares. Each brings its own decision (source, queue, action) and what its context adds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rcm_platform.ports import State

from rcm_denials.domain.billing_models import TenantBillingConfig
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.domain.denial_facts import ClaimDecision, FrozenModel
from rcm_denials.domain.work_items import WorkItem
from rcm_denials.service.case_documents import CaseContext, case_of, context_of
from rcm_denials.service.denial_intake import open_or_reopen, route_to_work_queue
from rcm_denials.service.derived_ids import generated_ids


class CaseOpening(FrozenModel):
    """What opened the case: the event, the claim and payer, and the case's own key for this occurrence."""

    event_id: str
    tenant_id: str
    claim_id: str
    payer_id: str
    occurrence_id: str
    """Stable for the same fact under a new event id (the case carries it as its denial id)."""
    opened_on: date
    date_of_service: date | None = None


def open_routed_case(
    state: State | None,
    opening: CaseOpening,
    decision: ClaimDecision,
    *,
    config: TenantBillingConfig,
    terms: PayerTerms,
    at: datetime,
) -> tuple[DenialCase, WorkItem] | None:
    """Open (or reopen) the claim's case and route it to the decision's queue; None when already done."""
    existing = case_of(state)
    if existing is not None and (
        existing.has_processed(opening.event_id) or existing.denial_id == opening.occurrence_id
    ):
        return None
    case = open_or_reopen(
        existing, opening.event_id, at, opening.tenant_id, opening.claim_id, opening.payer_id,
        opening.occurrence_id, opening.opened_on, opening.date_of_service, decision,
    )  # fmt: skip
    ids = generated_ids(opening.event_id)
    return route_to_work_queue(case, opening.event_id, at, config, terms, ids, specialty_claim=False)


def context_after(state: State | None, event_id: str, **updates: Any) -> CaseContext:
    """The case's context with the opening event recorded (audit trail) and the intake's own updates."""
    earlier = context_of(state)
    return earlier.model_copy(update={"denial_event_ids": (*earlier.denial_event_ids, event_id), **updates})
