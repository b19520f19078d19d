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
from rcm_denials.service.case_documents import case_state
from rcm_denials.service.case_opening import CaseOpening, context_after, open_routed_case

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
    opening = CaseOpening(
        event_id=escalation.event_id, tenant_id=escalation.tenant_id, claim_id=escalation.claim_id,
        payer_id=escalation.payer_id, occurrence_id=escalation.escalation_id, opened_on=escalation.escalated_on,
        date_of_service=escalation.date_of_service,
    )  # fmt: skip
    opened = open_routed_case(
        state, opening, escalation_decision(escalation), config=config, terms=terms, at=at
    )
    if opened is None:
        return None
    routed, item = opened
    if item.deadline is None:
        # The payer's terms were not found: the escalation's own filing deadline still bounds the work.
        routed = routed.model_copy(
            update={"work_item": item.model_copy(update={"deadline": escalation.filing_deadline})}
        )
    return Decision(case_state(routed, context_after(state, escalation.event_id)), [])
