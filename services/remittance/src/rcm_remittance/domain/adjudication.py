"""What the payer decided about a claim: paid, partially paid, denied, reversed, or information only.

CLP02 alone is not enough: payers send status 1 with every line zero-paid under a denial CARC, so lines are
looked at too. A "denial adjustment" is one the provider neither agreed to by contract nor may bill to the
patient: any non-PR adjustment whose CARC is not contractual (45, 253) or prior-payer impact (23).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Literal

from rcm_codesets import CarcCategory, carc_category
from rcm_x12 import Adjustment, RemitClaim

Outcome = Literal["paid", "partially_paid", "denied", "reversed", "informational"]

DENIED_STATUS = "4"
REVERSAL_STATUS = "22"
# 23: not our claim, forwarded; 25: predetermination pricing only. Neither moves money.
INFORMATIONAL_STATUSES = frozenset({"23", "25"})

_NOT_A_DENIAL = frozenset(
    {CarcCategory.CONTRACTUAL, CarcCategory.PATIENT_RESPONSIBILITY, CarcCategory.COORDINATION_OF_BENEFITS}
)


@cache
def _denial_reason(carc: str) -> bool:
    # Cached: the same few CARCs repeat across thousands of claims in one file.
    return carc_category(carc) not in _NOT_A_DENIAL


def is_denial_adjustment(adjustment: Adjustment) -> bool:
    return adjustment.group != "PR" and adjustment.amount > 0 and _denial_reason(adjustment.reason)


def _any_denial(adjustments: Iterable[Adjustment]) -> bool:
    return any(is_denial_adjustment(adjustment) for adjustment in adjustments)


def classify_claim(claim: RemitClaim) -> Outcome:
    """The outcome that decides which event is emitted (ClaimPaid, ClaimPartiallyPaid, ClaimDenied...)."""
    if claim.status == REVERSAL_STATUS:
        return "reversed"
    if claim.status in INFORMATIONAL_STATUSES:
        return "informational"
    if claim.status == DENIED_STATUS:
        return "denied"
    nothing_paid = claim.paid == 0 and claim.patient_responsibility == 0
    if claim.lines:
        denied_lines = [line for line in claim.lines if line.paid == 0 and _any_denial(line.adjustments)]
        if nothing_paid and len(denied_lines) == len(claim.lines):
            return "denied"
        reduced = _any_denial(claim.adjustments) or any(_any_denial(line.adjustments) for line in claim.lines)
        return "partially_paid" if denied_lines or reduced else "paid"
    if _any_denial(claim.adjustments):
        return "denied" if nothing_paid else "partially_paid"
    return "paid"
