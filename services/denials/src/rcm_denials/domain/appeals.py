"""Appeals and write-offs of a denial: the records and the facts that the wiring publishes as events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from rcm_denials.domain.deadlines import appeal_deadline
from rcm_denials.domain.denial_facts import FrozenModel, RootCause, quantize_cents

# Payers usually allow a first-level appeal (redetermination) and a second; a third goes outside the payer.
MAX_APPEAL_LEVEL = 3


class AppealDeadlinePassed(ValueError):
    """The payer's appeal limit has passed: the only remaining choice is a write-off."""


class AppealStatus(StrEnum):
    FILED = "filed"
    WON = "won"
    PARTIALLY_WON = "partially_won"
    LOST = "lost"


class Appeal(FrozenModel):
    appeal_id: str
    claim_id: str
    denial_id: str
    payer_id: str
    level: int = Field(ge=1, le=MAX_APPEAL_LEVEL)
    status: AppealStatus
    denial_date: date
    deadline: date
    amount_appealed: Decimal = Field(ge=0)
    carc_codes: tuple[str, ...] = ()
    filed_on: date
    filed_by: str
    letter_document_id: str


class AppealFiledFact(FrozenModel):
    """Becomes the AppealFiled event (the letter stays in denials: it may quote the record)."""

    claim_id: str
    denial_id: str
    appeal_id: str
    payer_id: str
    appeal_deadline: date
    amount_appealed: Decimal
    carc_codes: tuple[str, ...]
    letter_document_id: str
    filed_by: str


class DenialWrittenOffFact(FrozenModel):
    """Becomes the DenialWrittenOff event: the amount leaves A/R as a denial write-off (KPI AR-6)."""

    claim_id: str
    denial_id: str
    payer_id: str
    amount: Decimal = Field(gt=0)
    root_cause: RootCause
    carc_codes: tuple[str, ...]
    reason: str = Field(min_length=1, max_length=300)
    approved_by: str = Field(min_length=1)


def file_appeal(
    *,
    appeal_id: str,
    claim_id: str,
    denial_id: str,
    payer_id: str,
    denial_date: date,
    appeal_limit_days: int,
    amount: Decimal,
    carc_codes: tuple[str, ...],
    letter_document_id: str,
    filed_by: str,
    today: date,
    level: int = 1,
) -> tuple[Appeal, AppealFiledFact]:
    deadline = appeal_deadline(denial_date, appeal_limit_days)
    if today > deadline:
        raise AppealDeadlinePassed(f"appeal limit ended on {deadline.isoformat()}; it is {today.isoformat()}")
    appeal = Appeal(
        appeal_id=appeal_id, claim_id=claim_id, denial_id=denial_id, payer_id=payer_id, level=level,
        status=AppealStatus.FILED, denial_date=denial_date, deadline=deadline,
        amount_appealed=quantize_cents(amount), carc_codes=carc_codes, filed_on=today, filed_by=filed_by,
        letter_document_id=letter_document_id,
    )  # fmt: skip
    fact = AppealFiledFact(
        claim_id=claim_id, denial_id=denial_id, appeal_id=appeal_id, payer_id=payer_id,
        appeal_deadline=deadline, amount_appealed=appeal.amount_appealed, carc_codes=carc_codes,
        letter_document_id=letter_document_id, filed_by=filed_by,
    )  # fmt: skip
    return appeal, fact


def decide_appeal(appeal: Appeal, status: AppealStatus) -> Appeal:
    if appeal.status is not AppealStatus.FILED:
        raise ValueError(f"appeal {appeal.appeal_id} was already decided: {appeal.status}")
    if status is AppealStatus.FILED:
        raise ValueError("a decision must be won, partially won or lost")
    return appeal.model_copy(update={"status": status})


def write_off(
    *,
    claim_id: str,
    denial_id: str,
    payer_id: str,
    open_amount: Decimal,
    amount: Decimal | None,
    root_cause: RootCause,
    carc_codes: tuple[str, ...],
    reason: str,
    approved_by: str,
) -> DenialWrittenOffFact:
    """Write off all (amount None) or part of the open denied amount; never more than is open."""
    to_write_off = quantize_cents(open_amount if amount is None else amount)
    if to_write_off > open_amount:
        raise ValueError(f"cannot write off {to_write_off}: only {open_amount} is open")
    return DenialWrittenOffFact(
        claim_id=claim_id, denial_id=denial_id, payer_id=payer_id, amount=to_write_off, root_cause=root_cause,
        carc_codes=carc_codes, reason=reason.strip(), approved_by=approved_by,
    )  # fmt: skip
