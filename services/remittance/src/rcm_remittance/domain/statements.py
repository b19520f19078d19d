"""A patient statement: the visits whose insurance part is settled, what insurance paid and adjusted, what the
patient paid and still owes; and the dunning notice its age calls for.

A visit still with a payer (insurance balance above zero) is not billed to the patient yet: it is counted on the
statement as pending, never in the amount due. Age is counted from when the patient's share arose (the payer's
adjudication moved it to the patient): under 30 days a statement, then a second notice, a final notice at 60 days,
and at 90 days the account is handed to collections. A patient whose payment plan is current is billed the next
instalment (plus anything owed beyond the plan) and is not dunned; a defaulted plan puts the account back to
dunning by age.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rcm_remittance.domain.ledger import ZERO, ClaimAccount
from rcm_remittance.domain.payment_plans import PlanStanding

NOTICES = ((90, "collections"), (60, "final notice"), (30, "second notice"), (0, "statement"))
"""(days since the oldest unpaid share arose, notice): the first whose age is reached applies."""
PLAN_NOTICE = "payment plan"


@dataclass(frozen=True)
class VisitAccount:
    claim_id: str
    date_of_service: date
    account: ClaimAccount
    patient_share_since: date | None
    """When the payer's adjudication first moved an amount to the patient (None: nothing moved yet)."""


@dataclass(frozen=True)
class StatementLine:
    claim_id: str
    date_of_service: date
    charges: Decimal
    insurance_paid: Decimal
    insurance_adjusted: Decimal
    patient_paid: Decimal
    patient_owes: Decimal


@dataclass(frozen=True)
class Statement:
    patient_id: str
    as_of: date
    lines: tuple[StatementLine, ...]
    pending_with_insurance: int
    notice: str
    oldest_unpaid_days: int
    plan: PlanStanding | None = None

    @property
    def total_due(self) -> Decimal:
        return sum((line.patient_owes for line in self.lines), ZERO)

    @property
    def amount_due_now(self) -> Decimal:
        """The whole balance, or on a current plan its next instalment plus what is owed beyond the plan."""
        if self.plan is None or self.plan.status != "current":
            return self.total_due
        return self.plan.next_amount + max(ZERO, self.total_due - self.plan.remaining)


def notice_for(days: int) -> str:
    return next(notice for threshold, notice in NOTICES if days >= threshold)


def statement_of(
    patient_id: str, visits: Sequence[VisitAccount], as_of: date, plan: PlanStanding | None = None
) -> Statement:
    lines: list[StatementLine] = []
    pending = 0
    oldest = 0
    for visit in sorted(visits, key=lambda v: (v.date_of_service, v.claim_id)):
        account = visit.account
        if account.insurance_balance > ZERO:
            pending += 1
            continue
        if account.patient_balance == ZERO:
            continue
        lines.append(
            StatementLine(
                claim_id=visit.claim_id,
                date_of_service=visit.date_of_service,
                charges=account.charges,
                insurance_paid=account.payer_payments,
                insurance_adjusted=account.contractual
                + account.other_adjustments
                + account.denial_write_offs,
                patient_paid=account.patient_payments,
                patient_owes=account.patient_balance,
            )
        )
        if account.patient_balance > ZERO and visit.patient_share_since is not None:
            oldest = max(oldest, (as_of - visit.patient_share_since).days)
    notice = PLAN_NOTICE if plan is not None and plan.status == "current" else notice_for(oldest)
    return Statement(patient_id, as_of, tuple(lines), pending, notice, oldest, plan)
