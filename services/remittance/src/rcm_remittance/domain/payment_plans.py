"""A payment plan: the patient pays what was due when the plan was agreed in monthly instalments.

The missed-payment rule: an instalment still unpaid `grace_days` after its due date puts the plan in default, and
the account goes back to dunning (statements by age, then collections). While the plan is current the patient gets
a statement for the next instalment only and is never handed to collections. Payments count towards the plan in
the order they arrive, whichever visit they were applied to: the plan is an agreement about the patient's total.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from rcm_remittance.domain.ledger import ZERO

MAX_INSTALMENTS = 60
"""Five years of monthly instalments: beyond that a plan is not a plan but a write-off in disguise."""

PlanStatus = Literal["current", "completed", "defaulted"]


@dataclass(frozen=True)
class PaymentPlan:
    plan_id: str
    patient_id: str
    total: Decimal
    """The amount due when the plan was agreed."""
    instalment: Decimal
    first_due: date
    agreed_at: datetime
    paid_before: Decimal = ZERO
    """What the patient had paid on the visits when agreeing: payments beyond it count towards the plan."""

    def __post_init__(self) -> None:
        if self.total <= ZERO:
            raise ValueError("nothing is due: a payment plan needs an amount due")
        if self.instalment <= ZERO:
            raise ValueError("an instalment is more than 0")
        if len(self.schedule()) > MAX_INSTALMENTS:
            raise ValueError(f"the plan would take more than {MAX_INSTALMENTS} monthly instalments")

    def schedule(self) -> list[tuple[date, Decimal]]:
        """(due date, amount) of every instalment; the last one is what is left."""
        instalments: list[tuple[date, Decimal]] = []
        left = self.total
        while left > ZERO and len(instalments) <= MAX_INSTALMENTS:
            amount = min(self.instalment, left)
            instalments.append((add_months(self.first_due, len(instalments)), amount))
            left -= amount
        return instalments


@dataclass(frozen=True)
class PlanStanding:
    status: PlanStatus
    paid: Decimal
    remaining: Decimal
    next_due: date | None
    """The due date of the first instalment not fully paid (None once completed)."""
    next_amount: Decimal
    """What is still owed on that instalment."""


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (Jan 31 -> Feb 28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def standing(plan: PaymentPlan, paid: Decimal, as_of: date, grace_days: int) -> PlanStanding:
    """Where the plan stands on `as_of`, given what the patient paid since agreeing to it."""
    remaining = max(ZERO, plan.total - paid)
    if remaining == ZERO:
        return PlanStanding("completed", paid, ZERO, None, ZERO)
    cumulative = ZERO
    for due, amount in plan.schedule():
        cumulative += amount
        if cumulative > paid:  # the first instalment not fully paid
            missed = (as_of - due).days > grace_days
            return PlanStanding("defaulted" if missed else "current", paid, remaining, due, cumulative - paid)
    raise AssertionError("a plan with something remaining has an unpaid instalment")  # schedule sums to total
