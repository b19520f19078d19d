"""ReclassifyDenial on the case: the reviewer's category decides the case again, which is routed to that
category's queue (a new work item, DenialRouted published) and from then on counts in the denial KPIs.
DenialReclassified tells remittance, which books the amounts under those codes as denied from then on.

Refused, for good: a claim without a case (or another tenant's), a work item that is not the case's current
one, a case that is not an unrecognised-code review, a case no longer routed. A repeated command changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from rcm_platform.ports import Decision, State
from rcm_schemas.events.denials import DenialReclassified, ReclassifiedAdjustment, ReclassifyDenial

from rcm_denials.domain.billing_models import TenantBillingConfig
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_case import ALLOWED_FROM, DenialCase, InvalidCaseTransition
from rcm_denials.domain.denial_facts import ClaimDecision, RootCause
from rcm_denials.domain.reclassification import reclassified_decision
from rcm_denials.service.case_documents import case_of, case_state, context_of
from rcm_denials.service.command_decisions import case_for_command
from rcm_denials.service.denial_intake import route_to_work_queue
from rcm_denials.service.derived_ids import generated_ids
from rcm_denials.service.outgoing_translation import denial_routed


def check_reclassification(case: DenialCase, command: ReclassifyDenial) -> None:
    """Raises what the owner would refuse: for the door as for the consumer."""
    if case.status not in ALLOWED_FROM["reclassify"]:
        raise InvalidCaseTransition(f"cannot reclassify a case that is {case.status.value}")
    reclassified_decision(case.decision, command.category)


def decide_reclassification(
    state: State | None,
    command: ReclassifyDenial,
    command_id: str,
    tenant_id: str,
    at: datetime,
    *,
    config: TenantBillingConfig,
    terms: PayerTerms,
) -> Decision | None:
    applied = case_of(state)
    # Before the work item check: applying the command replaced the work item the command names.
    if applied is not None and applied.tenant_id == tenant_id and applied.has_processed(command_id):
        return None
    case = case_for_command(state, command.claim_id, command.work_item_id, tenant_id)
    check_reclassification(case, command)
    decision = reclassified_decision(case.decision, command.category)
    reopened = case.reclassified(
        event_id=command_id, at=at, actor=command.requested_by, decision=decision, category=command.category
    )
    routed, item = route_to_work_queue(
        reopened, command_id, at, config, terms, generated_ids(command_id), specialty_claim=False
    )
    reclassified = DenialReclassified(
        claim_id=command.claim_id,
        denial_id=item.denial_id,
        category=command.category,
        adjustments=_unrecognised_codes(case.decision),
        reclassified_by=command.requested_by,
    )
    return Decision(
        case_state(routed, context_of(state)), [denial_routed(item, routed.decision.source), reclassified]
    )


def _unrecognised_codes(decision: ClaimDecision) -> tuple[ReclassifiedAdjustment, ...]:
    # The codes the reviewer's category now covers, each once, in the order of the lines: remittance moves the
    # claim's amounts booked under them from "under review" to denied.
    codes = dict.fromkeys(
        (item.line.group_code, item.line.carc)
        for item in decision.lines
        if item.classification.root_cause is RootCause.UNRECOGNISED_CODE
    )
    return tuple(ReclassifiedAdjustment(group_code=group, carc=carc) for group, carc in codes)
