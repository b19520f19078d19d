"""Underpayment: a paid line the payer allowed below the clinic's contract by more than the tolerance.

Checked as remittance posts an 835, on the lines a payer paid as primary (CLP02 1 or 19): a secondary's allowed
amount is its own COB arithmetic, and a denied line is denials' business already. The expected amount is the
contract's, never above the line's charge (payers allow the lesser of the two). The tolerance keeps rounding and
small fee-schedule lags out of the work queue: the larger of a minimum in dollars and a percent of the expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rcm_remittance.domain.contracts import ContractBook, ContractRow

ZERO = Decimal("0.00")
PRIMARY_STATUSES = frozenset({"1", "19"})


@dataclass(frozen=True)
class PaidLine:
    line_number: int
    procedure_code: str
    units: Decimal
    charge: Decimal
    allowed: Decimal
    paid: Decimal
    service_date: date
    place_of_service: str


@dataclass(frozen=True)
class Underpaid:
    line: PaidLine
    expected: Decimal
    row: ContractRow

    @property
    def gap(self) -> Decimal:
        return self.expected - self.line.allowed


@dataclass(frozen=True)
class UnderpaymentCheck:
    contracts: ContractBook
    tolerance_percent: Decimal = Decimal("2")
    tolerance_minimum: Decimal = Decimal("1.00")

    def tolerance(self, expected: Decimal) -> Decimal:
        return max(
            self.tolerance_minimum, (expected * self.tolerance_percent / 100).quantize(Decimal("0.01"))
        )

    def underpaid(
        self, payer_id: str, clinic: str, claim_status: str, lines: list[PaidLine]
    ) -> list[Underpaid]:
        if claim_status not in PRIMARY_STATUSES:
            return []
        found: list[Underpaid] = []
        for line in lines:
            if line.paid <= ZERO:
                continue
            expected = self.contracts.expected_allowed(
                payer_id, clinic, line.procedure_code, line.units, line.service_date, line.place_of_service
            )
            if expected is None:
                continue
            owed = min(expected.amount, line.charge)
            if owed - line.allowed > self.tolerance(owed):
                found.append(Underpaid(line, owed, expected.row))
        return found
