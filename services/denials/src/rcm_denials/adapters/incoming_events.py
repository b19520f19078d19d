"""Wire -> use cases: ClaimDenied, ClaimRejected and payments become DenialReceived, RejectionReceived and
PaymentReceived, so the use cases never read an event contract.

Ids are derived from what identifies the fact (claim and 835 trace, or claim and 999/277CA interchange), so a
redelivered or re-emitted event maps to the same denial and a retried handler generates the same ids.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm_codesets import payer
from rcm_schemas import EventMessage
from rcm_schemas.events.claim_status import ClaimStatusEscalated
from rcm_schemas.events.clearinghouse import ClaimRejected
from rcm_schemas.events.common import Adjustment, RemitLine
from rcm_schemas.events.remittance import (
    ClaimDenied,
    ClaimPaid,
    ClaimPartiallyPaid,
    PaymentTakenBack,
    UnderpaymentFound,
)

from rcm_denials.domain.classification import is_denial_adjustment
from rcm_denials.domain.denial_facts import ClaimCircumstances, DeniedLine
from rcm_denials.domain.fix_proposals import ClaimFactsForCorrection, ClaimLineFacts
from rcm_denials.service.denial_intake import DenialReceived, PaymentReceived, RejectionReceived
from rcm_denials.service.derived_ids import derived_id
from rcm_denials.service.reference_data import invalid_modifiers
from rcm_denials.service.status_escalation_intake import EscalationReceived
from rcm_denials.service.takeback_intake import TakebackReceived
from rcm_denials.service.underpayment_intake import UnderpaidLineFact, UnderpaymentReceived


def denial_id_of(event: ClaimDenied) -> str:
    return derived_id("den", event.claim_id, event.trace_number, event.payer_claim_control_number or "")


def rejection_id_of(event: ClaimRejected) -> str:
    return derived_id("rej", event.claim_id, event.ack_kind, event.interchange_control_number)


def _denied_lines(line: RemitLine, claim_remarks: tuple[str, ...]) -> list[DeniedLine]:
    rarcs = (*line.remark_codes, *claim_remarks)
    return [
        DeniedLine(
            line_number=line.line_number,
            procedure_code=line.procedure_code,
            modifiers=line.modifiers,
            group_code=adjustment.group_code,
            carc=adjustment.carc,
            rarcs=rarcs,
            amount=adjustment.amount,
        )
        for adjustment in line.adjustments
    ]


def _correction_facts(event: ClaimDenied, on: date) -> ClaimFactsForCorrection:
    """What the 835 tells about the lines; it has no diagnoses, so pointer fixes are left to a person."""
    terms = payer(event.payer_id, on=on)
    telehealth_policy = terms.telehealth if terms is not None else None
    lines = tuple(
        ClaimLineFacts(
            line_number=line.line_number,
            procedure_code=line.procedure_code,
            modifiers=line.modifiers,
            invalid_modifiers=invalid_modifiers(line.modifiers, on),
        )
        for line in event.lines
        if line.line_number is not None
    )
    return ClaimFactsForCorrection(
        lines=lines,
        diagnosis_count=0,
        place_of_service=event.place_of_service,
        telehealth=event.telehealth,
        payer_telehealth_pos=tuple(telehealth_policy.allowed_pos) if telehealth_policy else (),
        payer_video_modifier=telehealth_policy.video_modifier if telehealth_policy else None,
    )


def denial_received(event: ClaimDenied, message: EventMessage) -> DenialReceived:
    denial_date = event.payment_date or message.envelope.occurred_at.date()
    claim_level = [
        DeniedLine(group_code=a.group_code, carc=a.carc, rarcs=event.claim_remark_codes, amount=a.amount)
        for a in event.claim_adjustments
    ]
    lines = [denied for line in event.lines for denied in _denied_lines(line, event.claim_remark_codes)]
    return DenialReceived(
        event_id=str(message.envelope.event_id),
        tenant_id=message.envelope.tenant_id,
        claim_id=event.claim_id,
        encounter_id=event.encounter_id,
        payer_id=event.payer_id,
        denial_id=denial_id_of(event),
        denial_date=denial_date,
        date_of_service=event.date_of_service,
        payer_claim_control_number=event.payer_claim_control_number,
        lines=(*claim_level, *lines),
        circumstances=ClaimCircumstances(telehealth=event.telehealth),
        correction_facts=_correction_facts(event, event.date_of_service or denial_date),
        charge_amount=event.charge_amount,
        billing_provider_npi=event.billing_provider_npi,
    )


def rejection_received(event: ClaimRejected, message: EventMessage) -> RejectionReceived:
    return RejectionReceived(
        event_id=str(message.envelope.event_id),
        tenant_id=message.envelope.tenant_id,
        claim_id=event.claim_id,
        payer_id=event.payer_id,
        rejection_id=rejection_id_of(event),
        rejected_on=message.envelope.occurred_at.date(),
        date_of_service=event.date_of_service,
        segment=event.segment,
        total_charge=event.total_charge,
    )


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


def payment_received(event: ClaimPaid | ClaimPartiallyPaid, message: EventMessage) -> PaymentReceived:
    envelope = message.envelope
    return PaymentReceived(
        event_id=envelope.event_id,
        tenant_id=envelope.tenant_id,
        claim_id=event.claim_id,
        paid_amount=event.paid_amount,
        paid_on=event.payment_date or envelope.occurred_at.date(),
    )


def takeback_received(event: PaymentTakenBack, message: EventMessage) -> TakebackReceived:
    return TakebackReceived(
        event_id=str(message.envelope.event_id),
        tenant_id=message.envelope.tenant_id,
        claim_id=event.claim_id,
        payer_id=event.payer_id,
        takeback_id=derived_id("tb", event.claim_id, event.trace_number, event.takeback_kind),
        kind=event.takeback_kind,
        amount=event.amount,
        taken_back_on=event.taken_back_on,
        date_of_service=event.date_of_service,
        payer_claim_control_number=event.payer_claim_control_number,
    )


def underpayment_received(event: UnderpaymentFound, message: EventMessage) -> UnderpaymentReceived:
    return UnderpaymentReceived(
        event_id=str(message.envelope.event_id),
        tenant_id=message.envelope.tenant_id,
        claim_id=event.claim_id,
        payer_id=event.payer_id,
        finding_id=derived_id("up", event.claim_id, event.trace_number),
        found_on=message.envelope.occurred_at.date(),
        date_of_service=event.date_of_service,
        payer_claim_control_number=event.payer_claim_control_number,
        contract=event.contract,
        lines=tuple(
            UnderpaidLineFact(
                line_number=line.line_number,
                procedure_code=line.procedure_code,
                allowed_amount=line.allowed_amount,
                expected_amount=line.expected_amount,
                underpaid_amount=line.underpaid_amount,
            )
            for line in event.lines
        ),
        underpaid_amount=event.underpaid_amount,
    )


def escalation_received(event: ClaimStatusEscalated, message: EventMessage) -> EscalationReceived:
    return EscalationReceived(
        event_id=str(message.envelope.event_id),
        tenant_id=message.envelope.tenant_id,
        claim_id=event.claim_id,
        payer_id=event.payer_id,
        escalation_id=derived_id("esc", event.claim_id, event.escalated_on.isoformat()),
        escalated_on=event.escalated_on,
        filing_deadline=event.filing_deadline,
        date_of_service=event.date_of_service,
        amount_at_risk=event.total_charge,
    )
