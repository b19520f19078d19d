"""A claim the payer still has not decided near its timely-filing limit (ClaimStatusEscalated, after 276/277
inquiries answered "pending") becomes a case in the billing queue: someone calls the payer and, if the claim is
lost, resubmits it before the limit.

Like a takeback it reuses the denial case (one aggregate per claim; the payment that later arrives resolves
it) with a source of its own, payer_silence, which keeps it out of every denial and rejection KPI; its
deadline is the filing limit. Nothing is published: DenialRouted's contract knows denials and rejections only.
Idempotent: a redelivered event is in the case's processed ids, and the same escalation under a new event id
has the same escalation id (claim and day), which the case already carries.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

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
from rcm_denials.service.case_documents import case_of, case_state, context_of
from rcm_denials.service.denial_intake import open_or_reopen, route_to_work_queue
from rcm_denials.service.derived_ids import generated_ids

ESCALATION_RULE = "DEN-STATUS-FILING-EDGE"


class EscalationReceived(FrozenModel):
    """A ClaimStatusEscalated, translated."""

    event_id: str
    tenant_id: str
    claim_id: str
    payer_id: str
    escalation_id: str
    escalated_on: date
    filing_deadline: date
    date_of_service: date | None = None
    amount_at_risk: Decimal = Decimal("0.00")


def escalation_decision(escalation: EscalationReceived) -> ClaimDecision:
    leading = LineClassification(
        root_cause=RootCause.NO_PAYER_DECISION,
        action=RecommendedAction.FOLLOW_UP_WITH_PAYER,
        queue=WorkQueue.BILLING,
        rule_id=ESCALATION_RULE,
    )
    return ClaimDecision(
        source=DenialSource.PAYER_SILENCE, leading=leading, amount_at_risk=escalation.amount_at_risk
    )


def decide_escalation(
    state: State | None,
    escalation: EscalationReceived,
    *,
    config: TenantBillingConfig,
    terms: PayerTerms,
    at: datetime,
) -> Decision | None:
    """Open (or reopen) the claim's case and route it to the billing queue; None when already done."""
    existing = case_of(state)
    if existing is not None and (
        existing.has_processed(escalation.event_id) or existing.denial_id == escalation.escalation_id
    ):
        return None
    case = open_or_reopen(
        existing, escalation.event_id, at, escalation.tenant_id, escalation.claim_id, escalation.payer_id,
        escalation.escalation_id, escalation.escalated_on, escalation.date_of_service,
        escalation_decision(escalation),
    )  # fmt: skip
    ids = generated_ids(escalation.event_id)
    routed, item = route_to_work_queue(
        case, escalation.event_id, at, config, terms, ids, specialty_claim=False
    )
    if item.deadline is None:
        # The payer's terms were not found: the escalation's own filing deadline still bounds the work.
        routed = routed.model_copy(
            update={"work_item": item.model_copy(update={"deadline": escalation.filing_deadline})}
        )
    earlier = context_of(state)
    context = earlier.model_copy(
        update={"denial_event_ids": (*earlier.denial_event_ids, escalation.event_id)}
    )
    return Decision(case_state(routed, context), [])
