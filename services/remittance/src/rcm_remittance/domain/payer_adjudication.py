"""The payer's MOA/MIA working of a claim (rates, DRG and outlier amounts, day counts), kept with the posted
claim for the biller to see. Informational: none of it is a ledger entry, so it moves no balance.

Stored like every amount of ours: money as integer cents (`<name>_cents`); rates and day counts are not money,
so they are kept as the decimal text the payer sent.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from rcm_schemas.money import from_cents, to_cents
from rcm_x12.remit835 import InpatientAdjudication, OutpatientAdjudication

NOT_MONEY = frozenset({"reimbursement_rate", "lifetime_psychiatric_days", "cost_report_days"})


def adjudication_document(
    adjudication: OutpatientAdjudication | InpatientAdjudication | None,
) -> dict[str, Any] | None:
    """Only the elements the payer sent; None when it sent no MOA/MIA amount."""
    if adjudication is None:
        return None
    document: dict[str, Any] = {}
    for field in dataclasses.fields(adjudication):
        value: Decimal | None = getattr(adjudication, field.name)
        if value is None:
            continue
        if field.name in NOT_MONEY:
            document[field.name] = str(value)
        else:
            document[f"{field.name}_cents"] = to_cents(value)
    return document


def adjudication_view(document: dict[str, Any] | None) -> dict[str, str] | None:
    """{"drg_amount_cents": 64000, "cost_report_days": "2"} -> {"drg_amount": "640.00", "cost_report_days": "2"}."""
    if document is None:
        return None
    return {
        (name[:-6] if name.endswith("_cents") else name): (
            str(from_cents(value)) if name.endswith("_cents") else str(value)
        )
        for name, value in document.items()
    }


def outpatient_from_document(document: dict[str, Any] | None) -> OutpatientAdjudication | None:
    return None if document is None else OutpatientAdjudication(**_values(document))


def inpatient_from_document(document: dict[str, Any] | None) -> InpatientAdjudication | None:
    return None if document is None else InpatientAdjudication(**_values(document))


def _values(document: dict[str, Any]) -> dict[str, Decimal]:
    return {
        (name[:-6] if name.endswith("_cents") else name): (
            from_cents(value) if name.endswith("_cents") else Decimal(value)
        )
        for name, value in document.items()
    }
