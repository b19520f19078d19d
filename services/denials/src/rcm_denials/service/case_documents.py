"""The denial case as a Mongo document: money as integer cents, dates as ISO text, enums as their values.

A Decimal field `x` is stored as `x_cents` (FerretDB has no Decimal128, and floats lose cents), so the
document says what its numbers mean and the load side knows which ones to turn back into money.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import Field
from rcm_schemas import from_cents, to_cents

from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.domain.denial_facts import FrozenModel

CENTS_SUFFIX = "_cents"


class CaseContext(FrozenModel):
    """What the claim's remittance told us beyond the domain case: for letters, corrections and analytics."""

    payer_claim_control_number: str | None = None
    billing_provider_npi: str | None = None
    charge_amount: Decimal = Field(default=Decimal("0.00"), ge=0)
    denial_event_ids: tuple[str, ...] = ()
    """Every denial or rejection event applied, for the audit trail."""
    encounter_id: str | None = None
    """The claim's encounter, when the denial named it: a registration correction finds the case by it."""
    appeal_argument: str | None = None
    """The letter's paragraph when the case brings its own (an underpayment quotes the contract); the person
    filing the appeal may still write theirs."""


def to_document(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            (f"{k}{CENTS_SUFFIX}" if isinstance(v, Decimal) else k): to_document(v) for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [to_document(item) for item in value]
    if isinstance(value, Decimal):
        return to_cents(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()  # BSON has datetimes only; a date stays a date when read back by the model
    return value


def from_document(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            (k.removesuffix(CENTS_SUFFIX) if k.endswith(CENTS_SUFFIX) else k): (
                from_cents(v) if k.endswith(CENTS_SUFFIX) and v is not None else from_document(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [from_document(item) for item in value]
    return value


def case_state(case: DenialCase, context: CaseContext) -> dict[str, Any]:
    return {"case": to_document(case.model_dump()), "context": to_document(context.model_dump())}


def case_of(state: dict[str, Any] | None) -> DenialCase | None:
    if state is None or "case" not in state:
        return None
    return DenialCase.model_validate(from_document(state["case"]))


def context_of(state: dict[str, Any] | None) -> CaseContext:
    if state is None or "context" not in state:
        return CaseContext()
    return CaseContext.model_validate(from_document(state["context"]))
