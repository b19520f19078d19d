"""Async use cases behind the subscribers: read what a decision needs, then apply it to the case once.

A domain refusal (an impossible transition, the loop guard, a passed appeal limit) can never succeed on
retry, so it becomes PermanentError and the message goes to the DLQ with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from rcm_platform.errors import PermanentError
from rcm_platform.ports import Decision, State
from rcm_schemas import Event, EventMessage, to_cents
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.clearinghouse import ClaimRejected
from rcm_schemas.events.common import Adjustment
from rcm_schemas.events.denials import (
    AssignWorkItem,
    FileAppeal,
    ResolveDenial,
    SettleCorrectedDenial,
    WriteOffDenial,
)
from rcm_schemas.events.remittance import ClaimDenied, ClaimPaid, ClaimPartiallyPaid

from rcm_denials.domain.analytics import month_of
from rcm_denials.domain.classification import is_denial_adjustment
from rcm_denials.service import case_decisions, command_decisions
from rcm_denials.service.incoming_translation import denial_received, rejection_received
from rcm_denials.service.ports import DenialsPorts
from rcm_denials.service.reference_data import payer_terms
from rcm_denials.service.worklist_commands import FiledAppeal

E = TypeVar("E", bound=Event)


def payload_of(message: EventMessage, kind: type[E]) -> E:
    if not isinstance(message.payload, kind):
        raise PermanentError(f"expected {kind.__name__}, got {type(message.payload).__name__}")
    return message.payload


async def _apply(
    c: DenialsPorts,
    claim_id: str,
    message: EventMessage,
    decide: Callable[[State | None], Decision | None],
) -> None:
    def refusing_permanently(state: State | None) -> Decision | None:
        try:
            return decide(state)
        except ValueError as refusal:  # domain refusals and invalid commands: a retry cannot change them
            raise PermanentError(str(refusal)) from refusal

    await c.cases.handle(claim_id, message, refusing_permanently)


async def handle_claim_denied(c: DenialsPorts, message: EventMessage) -> None:
    await _handle_denial(c, message, payload_of(message, ClaimDenied))


def denied_part_of(payment: ClaimPartiallyPaid) -> ClaimDenied | None:
    """The denied lines of a partial payment as a denial (a CO-4 on one line is work like any other)."""

    def worked(adjustment: Adjustment) -> bool:
        return adjustment.group_code != "PR" and is_denial_adjustment(adjustment.group_code, adjustment.carc)

    denied = [a.amount for line in payment.lines for a in line.adjustments if worked(a)]
    if not denied:
        return None  # only contractual adjustments and patient shares: nothing to work
    # Keep every line (a fix such as "25 on the E/M" depends on the others) but only its denial adjustments.
    lines = [
        line.model_copy(update={"adjustments": tuple(a for a in line.adjustments if worked(a))})
        for line in payment.lines
    ]
    fields = payment.model_dump(exclude={"lines", "claim_adjustments"})
    return ClaimDenied(
        **fields,
        lines=tuple(lines),
        denied_amount=sum(denied, Decimal("0.00")),
        claim_adjustments=tuple(a for a in payment.claim_adjustments if worked(a)),
    )


async def _handle_denial(c: DenialsPorts, message: EventMessage, event: ClaimDenied) -> None:
    denial = denial_received(message, event)
    await c.ledger.record_remitted(
        tenant_id=denial.tenant_id, claim_id=event.claim_id, month=month_of(denial.denial_date)
    )
    config = await c.billing_models.get(denial.tenant_id)
    terms = payer_terms(event.payer_id, event.date_of_service or denial.denial_date)
    await _apply(
        c,
        event.claim_id,
        message,
        lambda state: case_decisions.decide_denial(
            state,
            denial,
            charge_amount=event.charge_amount,
            billing_provider_npi=event.billing_provider_npi,
            config=config,
            terms=terms,
            at=message.envelope.occurred_at,
            attempt_limit=c.correction_attempt_limit,
        ),
    )


async def handle_claim_rejected(c: DenialsPorts, message: EventMessage) -> None:
    rejection = rejection_received(message, payload_of(message, ClaimRejected))
    config = await c.billing_models.get(rejection.tenant_id)
    terms = payer_terms(rejection.payer_id, rejection.date_of_service or rejection.rejected_on)
    await _apply(
        c,
        rejection.claim_id,
        message,
        lambda state: case_decisions.decide_rejection(
            state, rejection, config=config, terms=terms, at=message.envelope.occurred_at
        ),
    )


async def handle_claim_paid(c: DenialsPorts, message: EventMessage) -> None:
    payload = message.payload
    if not isinstance(payload, (ClaimPaid, ClaimPartiallyPaid)):
        raise PermanentError(f"expected a payment, got {type(payload).__name__}")
    if isinstance(payload, ClaimPartiallyPaid) and (denied := denied_part_of(payload)) is not None:
        await _handle_denial(c, message, denied)
        return
    paid_on = payload.payment_date or message.envelope.occurred_at.date()
    await c.ledger.record_remitted(
        tenant_id=message.envelope.tenant_id, claim_id=payload.claim_id, month=month_of(paid_on)
    )
    await _apply(
        c,
        payload.claim_id,
        message,
        lambda state: case_decisions.decide_payment(
            state,
            event_id=str(message.envelope.event_id),
            paid_amount=payload.paid_amount,
            at=message.envelope.occurred_at,
        ),
    )
    original = await c.ledger.original_of(tenant_id=message.envelope.tenant_id, claim_id=payload.claim_id)
    if original is not None and payload.paid_amount > 0:
        # The corrected claim's case is keyed by the original's id (maybe owned by another instance): tell its
        # owner. Published before this handler returns, so a crash here redelivers the payment and resends it.
        settle = SettleCorrectedDenial(
            claim_id=original,
            replacement_claim_id=payload.claim_id,
            paid_amount=payload.paid_amount,
            payment_event_id=message.envelope.event_id,
        )
        await c.commands.publish(
            settle, tenant_id=message.envelope.tenant_id, correlation_id=message.envelope.correlation_id
        )


async def handle_settle_corrected(c: DenialsPorts, message: EventMessage) -> None:
    """The replacement of a corrected claim was paid: the original's case is resolved (auto-corrected or
    corrected), with the replacement's payment as the amount recovered."""
    command = payload_of(message, SettleCorrectedDenial)
    await _apply(
        c,
        command.claim_id,
        message,
        lambda state: case_decisions.decide_payment(
            state,
            event_id=str(command.payment_event_id),
            paid_amount=command.paid_amount,
            at=message.envelope.occurred_at,
        ),
    )


async def handle_claim_submitted(c: DenialsPorts, message: EventMessage) -> None:
    """Only counted: claims submitted per month are the denominator of the initial denial rate."""
    event = payload_of(message, ClaimSubmitted)
    await c.ledger.record_submitted(
        tenant_id=message.envelope.tenant_id,
        claim_id=event.claim_id,
        month=month_of(message.envelope.occurred_at.date()),
        charge_cents=to_cents(event.total_charge),
        original_claim_id=event.original_claim_id,
    )


def _command_id(message: EventMessage) -> str:
    return str(message.envelope.event_id)


async def handle_assign(c: DenialsPorts, message: EventMessage) -> None:
    command = payload_of(message, AssignWorkItem)
    await _apply(
        c,
        command.claim_id,
        message,
        lambda state: command_decisions.decide_assign(
            state, command, _command_id(message), message.envelope.tenant_id, message.envelope.occurred_at
        ),
    )


async def handle_resolve(c: DenialsPorts, message: EventMessage) -> None:
    command = payload_of(message, ResolveDenial)
    await _apply(
        c,
        command.claim_id,
        message,
        lambda state: command_decisions.decide_resolve(
            state,
            command,
            _command_id(message),
            message.envelope.tenant_id,
            message.envelope.occurred_at,
            c.correction_attempt_limit,
        ),
    )


async def handle_write_off(c: DenialsPorts, message: EventMessage) -> None:
    command = payload_of(message, WriteOffDenial)
    await _apply(
        c,
        command.claim_id,
        message,
        lambda state: command_decisions.decide_write_off(
            state, command, _command_id(message), message.envelope.tenant_id, message.envelope.occurred_at
        ),
    )


async def handle_file_appeal(c: DenialsPorts, message: EventMessage) -> None:
    """The letter is stored first (same id on a retry), then the appeal is recorded and published."""
    command = payload_of(message, FileAppeal)
    at = message.envelope.occurred_at

    def filed(state: State | None) -> FiledAppeal:
        return command_decisions.filed_appeal(
            state, command, _command_id(message), message.envelope.tenant_id, at
        )

    state = await c.cases.load(command.claim_id)
    try:
        appeal = filed(state)
    except ValueError as refusal:
        raise PermanentError(str(refusal)) from refusal
    if appeal.fact is not None and appeal.letter is not None:
        await c.letters.save(
            letter_document_id=appeal.fact.letter_document_id,
            appeal_id=appeal.fact.appeal_id,
            claim_id=command.claim_id,
            tenant_id=message.envelope.tenant_id,
            text=appeal.letter,
            created_at=at,
        )
    await _apply(
        c,
        command.claim_id,
        message,
        lambda current: command_decisions.decide_file_appeal(current, filed(current)),
    )
