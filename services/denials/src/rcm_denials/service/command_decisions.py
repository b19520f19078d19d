"""Decisions on the DenialCase aggregate for the worklist commands (assign, resolve, appeal, write off).

A command names the work item it was given for; a command for another work item (the case moved on since) is
refused, as is a command for a claim without a case. Refusals are CommandRefused: they can never succeed.
"""

from __future__ import annotations

from datetime import datetime

from rcm_platform.ports import Decision, State
from rcm_schemas.events.denials import AssignWorkItem, FileAppeal, ResolveDenial, WriteOffDenial

from rcm_denials.domain.denial_case import CaseOutcome, DenialCase
from rcm_denials.domain.denial_facts import DenialSource, WorkQueue
from rcm_denials.service import worklist_commands as commands
from rcm_denials.service.case_documents import case_of, case_state, context_of
from rcm_denials.service.derived_ids import derived_id
from rcm_denials.service.outgoing_translation import (
    appeal_filed,
    correction_requested,
    denial_written_off,
    domain_fix,
)
from rcm_denials.service.reference_data import denial_reason, payer_terms

OUTCOME_OF_RESOLUTION = {
    "corrected": CaseOutcome.CORRECTED,
    "recovered": CaseOutcome.RECOVERED,
    "secondary_billed": CaseOutcome.SECONDARY_BILLED,
    "no_action": CaseOutcome.NO_ACTION,
}


class CommandRefused(ValueError):
    pass


class NoDenialCase(CommandRefused):
    """No case for the claim, or another tenant's: for this tenant there is no case at all."""


def case_for_command(state: State | None, claim_id: str, work_item_id: str, tenant_id: str) -> DenialCase:
    case = case_of(state)
    if case is None or case.tenant_id != tenant_id:  # another tenant's claim is, for this one, no case at all
        raise NoDenialCase(f"claim {claim_id} has no denial case")
    if case.work_item is None or case.work_item.work_item_id != work_item_id:
        raise CommandRefused(f"work item {work_item_id} is not the current work item of claim {claim_id}")
    return case


def _unchanged(case: DenialCase, command_id: str) -> bool:
    return case.has_processed(command_id)


def decide_assign(
    state: State | None, command: AssignWorkItem, command_id: str, tenant_id: str, at: datetime
) -> Decision | None:
    case = case_for_command(state, command.claim_id, command.work_item_id, tenant_id)
    if _unchanged(case, command_id):
        return None
    updated = commands.assign(
        case, command_id=command_id, actor=command.requested_by, assignee=command.assignee, at=at
    )
    if command.queue is not None and updated.work_item is not None:
        moved = updated.work_item.assigned(command.assignee, WorkQueue(command.queue))
        updated = updated.model_copy(update={"work_item": moved})
    return Decision(case_state(updated, context_of(state)), [])


def decide_resolve(
    state: State | None,
    command: ResolveDenial,
    command_id: str,
    tenant_id: str,
    at: datetime,
    attempt_limit: int,
) -> Decision | None:
    case = case_for_command(state, command.claim_id, command.work_item_id, tenant_id)
    if _unchanged(case, command_id):
        return None
    context = context_of(state)
    actor = command.requested_by
    if command.resolution == "corrected" and command.fixes:
        fixes = tuple(domain_fix(fix) for fix in command.fixes)
        updated, request = commands.request_correction(
            case,
            command_id=command_id,
            actor=actor,
            fixes=fixes,
            correction_id=derived_id("cor", command_id),
            at=at,
            attempt_limit=attempt_limit,
        )
        events = [correction_requested(request, context.payer_claim_control_number)] if request else []
        return Decision(case_state(updated, context), events)
    if command.resolution == "patient_billed":
        updated = commands.bill_patient(case, command_id=command_id, actor=actor, at=at)
    else:
        updated = commands.resolve(
            case, command_id=command_id, actor=actor, outcome=OUTCOME_OF_RESOLUTION[command.resolution], at=at
        )
    return Decision(case_state(updated, context), [])


def appeal_ids(command_id: str) -> tuple[str, str]:
    """The appeal id and its letter's document id, both derived from the command (a retry files the same)."""
    appeal_id = derived_id("apl", command_id)
    return appeal_id, letter_document_id_for(appeal_id)


def letter_document_id_for(appeal_id: str) -> str:
    """The letter shares the appeal's digest, so GET /appeals/{id}/letter is an `_id` lookup."""
    return "ltr-" + appeal_id.removeprefix("apl-")


def filed_appeal(
    state: State | None, command: FileAppeal, command_id: str, tenant_id: str, at: datetime
) -> commands.FiledAppeal:
    case = case_for_command(state, command.claim_id, command.work_item_id, tenant_id)
    context = context_of(state)
    terms = payer_terms(case.payer_id, case.date_of_service or case.denial_date)
    appeal_id, letter_id = appeal_ids(command_id)
    if case.decision.source is DenialSource.PAYER_TAKEBACK:
        # No CARC to build a letter on: the payer's recoupment notice is disputed with the payer directly.
        raise CommandRefused(
            "a takeback has no denial codes for an appeal letter: dispute it with the payer, then resolve the item"
        )
    if case.decision.source is DenialSource.PAYER_SILENCE:
        raise CommandRefused(
            "the payer has not decided the claim yet: follow up with the payer, nothing to appeal"
        )
    if not case.decision.lines:
        raise CommandRefused("a rejection was never adjudicated: it is corrected and resent, not appealed")
    reasons = tuple(denial_reason(item.line.carc, item.line.group_code) for item in case.decision.lines)
    procedures = tuple(
        dict.fromkeys(i.line.procedure_code for i in case.decision.lines if i.line.procedure_code)
    )
    provider = (
        f"Billing provider NPI {context.billing_provider_npi}"
        if context.billing_provider_npi
        else (f"Billing office of {case.tenant_id}")
    )
    return commands.appeal(
        case,
        command_id=command_id,
        actor=command.requested_by,
        appeal_id=appeal_id,
        letter_document_id=letter_id,
        terms=terms,
        provider_name=provider,
        reasons=tuple(dict.fromkeys(reasons)),
        procedure_codes=procedures,
        argument=command.argument or context.appeal_argument,
        payer_claim_control_number=context.payer_claim_control_number,
        today=at.date(),
        at=at,
    )


def decide_file_appeal(state: State | None, filed: commands.FiledAppeal) -> Decision | None:
    if filed.fact is None:
        return None
    return Decision(case_state(filed.case, context_of(state)), [appeal_filed(filed.fact)])


def decide_write_off(
    state: State | None, command: WriteOffDenial, command_id: str, tenant_id: str, at: datetime
) -> Decision | None:
    case = case_for_command(state, command.claim_id, command.work_item_id, tenant_id)
    updated, fact = commands.write_off_denial(
        case,
        command_id=command_id,
        actor=command.requested_by,
        amount=command.amount,
        reason=command.reason,
        at=at,
    )
    if fact is None:
        return None
    return Decision(case_state(updated, context_of(state)), [denial_written_off(fact)])
