"""A claim the payer paid below the clinic's contract (UnderpaymentFound, from remittance's posting) becomes a
case in the appeals queue: its letter quotes the contract and, per line, what was allowed, what the contract
says and the difference.

Like an escalation it reuses the denial case (one aggregate per claim; the payer's corrected payment resolves
it) with a source of its own, underpayment, which keeps it out of every denial KPI. Its lines are the underpaid
amounts under CO-45 (the code the payer reduced them with), so the appeal letter names the payer's own code.
Idempotent: a redelivered event is in the case's processed ids, and the same finding under a new event id has
the same finding id (claim and 835 trace), which the case already carries.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from rcm_platform.ports import Decision, State

from rcm_denials.domain.billing_models import TenantBillingConfig
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_facts import (
    ClaimDecision,
    ClassifiedLine,
    DenialSource,
    DeniedLine,
    FrozenModel,
    LineClassification,
    RecommendedAction,
    RootCause,
    WorkQueue,
)
from rcm_denials.service.case_documents import case_state, context_of
from rcm_denials.service.case_opening import CaseOpening, context_after, open_routed_case

UNDERPAYMENT_RULE = "DEN-UNDERPAID-CONTRACT"
CONTRACTUAL_REDUCTION = ("CO", "45")
"""The group and CARC a payer reduces an allowed amount with: the code the underpaid difference sits under."""


class UnderpaidLineFact(FrozenModel):
    line_number: int
    procedure_code: str
    allowed_amount: Decimal
    expected_amount: Decimal
    underpaid_amount: Decimal


class UnderpaymentReceived(FrozenModel):
    """An UnderpaymentFound, translated."""

    event_id: str
    tenant_id: str
    claim_id: str
    payer_id: str
    finding_id: str
    found_on: date
    date_of_service: date | None = None
    payer_claim_control_number: str | None = None
    contract: str
    lines: tuple[UnderpaidLineFact, ...]
    underpaid_amount: Decimal


def underpayment_argument(finding: UnderpaymentReceived) -> str:
    """The letter's paragraph: the contract and, per line, allowed vs contracted. Codes and amounts only."""
    lines = "\n".join(
        f"- line {line.line_number} ({line.procedure_code}): allowed ${line.allowed_amount}, contracted "
        f"${line.expected_amount}, underpaid ${line.underpaid_amount}"
        for line in finding.lines
    )
    return (
        f"The claim was paid below our contract with you ({finding.contract}).\n{lines}\n"
        f"Please reprocess the claim at the contracted rates and pay the difference of ${finding.underpaid_amount}."
    )


def underpayment_decision(finding: UnderpaymentReceived) -> ClaimDecision:
    leading = LineClassification(
        root_cause=RootCause.UNDERPAID,
        action=RecommendedAction.APPEAL,
        queue=WorkQueue.APPEALS,
        rule_id=UNDERPAYMENT_RULE,
    )
    group, carc = CONTRACTUAL_REDUCTION
    lines = tuple(
        ClassifiedLine(
            line=DeniedLine(
                line_number=line.line_number,
                procedure_code=line.procedure_code,
                group_code=group,
                carc=carc,
                amount=line.underpaid_amount,
            ),
            classification=leading,
        )
        for line in finding.lines
    )
    return ClaimDecision(
        source=DenialSource.UNDERPAYMENT,
        lines=lines,
        leading=leading,
        amount_at_risk=finding.underpaid_amount,
    )


def decide_underpayment(
    state: State | None,
    finding: UnderpaymentReceived,
    *,
    config: TenantBillingConfig,
    terms: PayerTerms,
    at: datetime,
) -> Decision | None:
    """Open (or reopen) the claim's case and route it to the appeals queue; None when already done."""
    opening = CaseOpening(
        event_id=finding.event_id, tenant_id=finding.tenant_id, claim_id=finding.claim_id,
        payer_id=finding.payer_id, occurrence_id=finding.finding_id, opened_on=finding.found_on,
        date_of_service=finding.date_of_service,
    )  # fmt: skip
    opened = open_routed_case(
        state, opening, underpayment_decision(finding), config=config, terms=terms, at=at
    )
    if opened is None:
        return None
    routed, _ = opened
    context = context_after(
        state,
        finding.event_id,
        payer_claim_control_number=finding.payer_claim_control_number
        or context_of(state).payer_claim_control_number,
        appeal_argument=underpayment_argument(finding),
    )
    return Decision(case_state(routed, context), [])
