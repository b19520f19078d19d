"""A payment the payer took back with nothing in its place (PaymentTakenBack) becomes a case in the billing
queue: someone checks it, then appeals the recoupment, or accepts it and rebills.

It reuses the denial case (one aggregate per claim, its history, the payment that later resolves it) with a
source of its own, payer_takeback, which keeps it out of every denial and rejection KPI. Nothing is published:
DenialRouted's contract knows denials and rejections only, and the work queue is denials' own read side.
Idempotent twice over: a redelivered event is in the case's processed ids, and the same takeback re-emitted
under a new event id has the same takeback id (claim, 835 trace, kind), which the case already carries.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field
from rcm_platform.ports import Decision, State

from rcm_denials.domain.billing_models import TenantBillingConfig
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_facts import (
    ClaimDecision,
    DenialSource,
    FrozenModel,
    LineClassification,
    RecommendedAction,
    RootCause,
    WorkQueue,
)
from rcm_denials.service.case_documents import case_state, context_of
from rcm_denials.service.case_opening import CaseOpening, context_after, open_routed_case

TAKEBACK_RULES = {"reversal": "DEN-TAKEBACK-REVERSAL", "recoupment": "DEN-TAKEBACK-RECOUPMENT"}
"""The rule id says which kind of takeback a work item is about."""


class TakebackReceived(FrozenModel):
    """A PaymentTakenBack, translated."""

    event_id: str
    tenant_id: str
    claim_id: str
    payer_id: str
    takeback_id: str
    kind: Literal["reversal", "recoupment"]
    amount: Decimal = Field(gt=0)
    taken_back_on: date
    date_of_service: date | None = None
    payer_claim_control_number: str | None = None


def takeback_decision(takeback: TakebackReceived) -> ClaimDecision:
    leading = LineClassification(
        root_cause=RootCause.PAYER_RECOUPMENT,
        action=RecommendedAction.REVIEW_TAKEBACK,
        queue=WorkQueue.BILLING,
        rule_id=TAKEBACK_RULES[takeback.kind],
    )
    return ClaimDecision(source=DenialSource.PAYER_TAKEBACK, leading=leading, amount_at_risk=takeback.amount)


def decide_takeback(
    state: State | None,
    takeback: TakebackReceived,
    *,
    config: TenantBillingConfig,
    terms: PayerTerms,
    at: datetime,
) -> Decision | None:
    """Open (or reopen) the claim's case and route it to the billing queue; None when already done."""
    opening = CaseOpening(
        event_id=takeback.event_id, tenant_id=takeback.tenant_id, claim_id=takeback.claim_id,
        payer_id=takeback.payer_id, occurrence_id=takeback.takeback_id, opened_on=takeback.taken_back_on,
        date_of_service=takeback.date_of_service,
    )  # fmt: skip
    opened = open_routed_case(state, opening, takeback_decision(takeback), config=config, terms=terms, at=at)
    if opened is None:
        return None
    routed, _ = opened
    context = context_after(
        state,
        takeback.event_id,
        payer_claim_control_number=takeback.payer_claim_control_number
        or context_of(state).payer_claim_control_number,
    )
    return Decision(case_state(routed, context), [])
