"""A clinic's rules for billing its patients: who gets a statement, what is too small to chase, how late an
instalment may be. Defaults are what a small practice typically uses when it has not chosen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rcm_remittance.domain.ledger import ZERO


@dataclass(frozen=True)
class PatientBillingPolicy:
    minimum_statement_balance: Decimal = Decimal("5.00")
    """No statement for a smaller amount due (the postage costs more than it brings)."""
    small_balance_write_off_below: Decimal = ZERO
    """A statement cycle writes off a patient's amount due below this (0: never)."""
    plan_grace_days: int = 15
    """An instalment unpaid this many days after its due date puts the plan in default."""
    changed_by: str | None = None

    def __post_init__(self) -> None:
        if self.minimum_statement_balance < ZERO or self.small_balance_write_off_below < ZERO:
            raise ValueError("amounts of a billing policy are 0 or more")
        if not 0 <= self.plan_grace_days <= 90:
            raise ValueError("the grace for an instalment is 0 to 90 days")
