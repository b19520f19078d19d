"""ClaimPosting -> the event payloads remittance emits (PaymentPosted plus ClaimPaid / ClaimPartiallyPaid /
ClaimDenied / ClaimReversed). Payloads only: the wiring wraps them in envelopes with tenant and correlation.

Built here, inside the pure posting step, so a payload the contract refuses fails the whole posting before
anything is stored, instead of leaving entries without their events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from rcm_schemas.envelope import Event
from rcm_schemas.events.common import Adjustment as WireAdjustment
from rcm_schemas.events.common import RemitLine
from rcm_schemas.events.remittance import (
    ClaimDenied,
    ClaimPaid,
    ClaimPartiallyPaid,
    ClaimReversed,
    PaymentPosted,
    UnderpaidLine,
    UnderpaymentFound,
)
from rcm_x12 import Adjustment, RemitClaim

from rcm_remittance.domain.posting_rules import PostingSource
from rcm_remittance.domain.reconciliation import PostedAmounts
from rcm_remittance.domain.underpayment import PaidLine, UnderpaymentCheck
from rcm_remittance.service.claim_posting import ClaimPosting, PostedLine

_ADJUDICATION_EVENTS = {"paid": ClaimPaid, "partially_paid": ClaimPartiallyPaid, "reversed": ClaimReversed}


def _wire_adjustments(adjustments: Sequence[Adjustment]) -> tuple[WireAdjustment, ...]:
    return tuple(
        WireAdjustment(
            group_code=a.group,  # the contract's Literal validates it
            carc=a.reason,
            amount=a.amount,
            quantity=int(a.quantity) if a.quantity is not None else None,
        )
        for a in adjustments
    )


def _wire_line(posted: PostedLine) -> RemitLine:
    line = posted.line
    return RemitLine(
        line_number=posted.line_number,
        line_control_number=line.line_control_number or None,
        procedure_code=line.procedure_code,
        modifiers=line.modifiers,
        units=int(abs(line.units)) if line.units is not None else 1,
        charge_amount=line.charge,
        allowed_amount=line.allowed,
        paid_amount=line.paid,
        adjustments=_wire_adjustments(line.adjustments),
        remark_codes=line.remark_codes,
    )


def _date_of_service(posting: ClaimPosting) -> date | None:
    if posting.known_claim is not None and posting.known_claim.date_of_service is not None:
        return posting.known_claim.date_of_service
    dates = [posted.line.service_date for posted in posting.lines if posted.line.service_date]
    return min(dates) if dates else posting.remit_claim.statement_date


def payment_posted(posting: ClaimPosting) -> PaymentPosted:
    return share_posted(posting.claim_id, posting.context.source, posting.remit_claim.status, posting.amounts)


def share_posted(claim_id: str, source: PostingSource, status: str, amounts: PostedAmounts) -> PaymentPosted:
    """PaymentPosted for any share of a claim: a whole CLP loop, or one line matched by hand later."""
    return PaymentPosted(
        claim_id=claim_id,
        payer_id=source.payer_id,
        trace_number=source.trace_number,
        claim_status_code=status,  # the contract's Literal validates it
        charge_amount=amounts.charge,
        paid_amount=amounts.paid,
        contractual_adjustment=amounts.contractual,
        patient_responsibility=amounts.patient_responsibility,
        other_adjustment=amounts.other,
        open_balance=amounts.open_balance,
        denied_amount=amounts.denied,
        interest_amount=amounts.interest,
        ledger_entry_count=amounts.entry_count,
    )


def _denied_amount(claim: RemitClaim) -> Decimal:
    # What the payer neither paid nor shifted to the patient: the amount a denial worker tries to recover.
    return claim.charge - claim.paid - claim.patient_responsibility


def adjudication_event(posting: ClaimPosting) -> Event:
    claim = posting.remit_claim
    known = posting.known_claim
    common = {
        "claim_id": posting.claim_id,
        "encounter_id": known.encounter_id if known else None,
        "payer_id": posting.context.source.payer_id,
        "trace_number": posting.context.source.trace_number,
        "payer_claim_control_number": claim.payer_claim_number or None,
        "claim_status_code": claim.status,
        "date_of_service": _date_of_service(posting),
        "payment_date": posting.context.payment_date,
        "charge_amount": claim.charge,
        "paid_amount": claim.paid,
        "patient_responsibility": claim.patient_responsibility,
        "claim_adjustments": _wire_adjustments(claim.adjustments),
        "lines": tuple(_wire_line(posted) for posted in posting.lines),
    }
    if posting.outcome == "denied":
        facility = claim.facility_code if len(claim.facility_code) == 2 else None
        return ClaimDenied(
            **common,
            denied_amount=_denied_amount(claim),
            place_of_service=(known.place_of_service if known else None) or facility,
            billing_provider_npi=known.billing_provider_npi if known else None,
            rendering_provider_npi=known.rendering_provider_npi if known else None,
            claim_remark_codes=(*claim.outpatient_remarks, *claim.inpatient_remarks),
        )
    if posting.outcome == "reversed":
        return ClaimReversed(**common, reversed_payer_claim_control_number=claim.payer_claim_number or None)
    return _ADJUDICATION_EVENTS[posting.outcome](**common)


def events_for(posting: ClaimPosting, underpayments: UnderpaymentCheck | None = None) -> list[Event]:
    """PaymentPosted first (the ledger moved), then what the payer decided, then an underpayment if any."""
    events = [payment_posted(posting), adjudication_event(posting)]
    found = underpayment_event(posting, underpayments) if underpayments is not None else None
    return [*events, found] if found is not None else events


def _paid_lines(posting: ClaimPosting) -> list[PaidLine]:
    known = posting.known_claim
    place = (known.place_of_service if known else None) or posting.remit_claim.facility_code
    day = _date_of_service(posting)
    lines: list[PaidLine] = []
    for posted in posting.lines:
        line = posted.line
        on = line.service_date or day
        if posted.line_number is None or line.allowed is None or on is None:
            continue
        lines.append(
            PaidLine(
                line_number=posted.line_number,
                procedure_code=line.procedure_code,
                units=line.units if line.units else Decimal(1),
                charge=line.charge,
                allowed=line.allowed,
                paid=line.paid,
                service_date=on,
                place_of_service=place or "11",
            )
        )
    return lines


def underpayment_event(posting: ClaimPosting, check: UnderpaymentCheck) -> UnderpaymentFound | None:
    """UnderpaymentFound when a paid line's allowed amount is below the clinic's contract (domain/underpayment)."""
    if posting.outcome not in ("paid", "partially_paid"):
        return None
    source = posting.context.source
    found = check.underpaid(
        source.payer_id, source.tenant_id, posting.remit_claim.status, _paid_lines(posting)
    )
    if not found:
        return None
    known = posting.known_claim
    return UnderpaymentFound(
        claim_id=posting.claim_id,
        encounter_id=known.encounter_id if known else None,
        payer_id=source.payer_id,
        trace_number=source.trace_number,
        payer_claim_control_number=posting.remit_claim.payer_claim_number or None,
        date_of_service=_date_of_service(posting),
        paid_amount=posting.remit_claim.paid,
        contract="; ".join(dict.fromkeys(item.row.describe() for item in found)),
        lines=tuple(
            UnderpaidLine(
                line_number=item.line.line_number,
                procedure_code=item.line.procedure_code,
                units=max(1, int(item.line.units)),
                allowed_amount=item.line.allowed,
                expected_amount=item.expected,
                underpaid_amount=item.gap,
            )
            for item in found
        ),
        underpaid_amount=sum((item.gap for item in found), Decimal("0.00")),
    )
