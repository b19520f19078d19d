"""How a patient's payment is applied to the patient's visits: oldest date of service first, unless the payment
names a claim (then that one first); each visit takes at most what the patient owes on it. What is left is an
overpayment: it stays on the last visit applied to as a credit (listed for refund), never a silent negative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rcm_remittance.domain.ledger import ZERO


@dataclass(frozen=True)
class PatientVisit:
    claim_id: str
    date_of_service: date
    patient_balance: Decimal


@dataclass(frozen=True)
class Allocation:
    applied: tuple[tuple[str, Decimal], ...]
    """(claim id, amount), in the order applied; amounts sum to the payment."""
    credit: Decimal
    """The part of the payment beyond what the patient owed (included in the last amount applied)."""


def allocate(amount: Decimal, visits: Sequence[PatientVisit], first: str | None = None) -> Allocation:
    if amount <= ZERO:
        raise ValueError("a payment is more than 0")
    if not visits:
        raise ValueError("a patient without visits has nothing to pay")
    ordered = sorted(
        visits, key=lambda visit: (visit.claim_id != first, visit.date_of_service, visit.claim_id)
    )
    left = amount
    applied: list[tuple[str, Decimal]] = []
    for visit in ordered:
        share = min(left, max(visit.patient_balance, ZERO))
        if share > ZERO:
            applied.append((visit.claim_id, share))
            left -= share
        if left == ZERO:
            break
    if left > ZERO:
        # Nothing (more) owed: the rest becomes a credit on the visit named, or else the newest one paid.
        target = first or (applied[-1][0] if applied else ordered[-1].claim_id)
        merged = dict(applied)
        merged[target] = merged.get(target, ZERO) + left
        applied = list(merged.items())
    return Allocation(tuple(applied), left)
