"""Reconciliation of one remittance: BPR02 = claim payments (posted + waiting in the unmatched queue) - PLB.

PLB amounts follow the 835 convention: positive reduces the payment (offsets, withholds), negative increases
it (interest). Every claim line shows charge = paid + contractual + patient responsibility + other + open; a
denied amount is part of the open balance (it is still owed until worked).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rcm_schemas.money import to_cents
from rcm_x12.remit835 import InpatientAdjudication, OutpatientAdjudication

from rcm_remittance.domain.ledger import ZERO, Category, LedgerEntry, category_of
from rcm_remittance.domain.payer_adjudication import adjudication_document


@dataclass(frozen=True)
class PostedAmounts:
    """One claim's share of a remittance, from the entries posted for it (categories: ledger.category_of)."""

    charge: Decimal  # CLP03
    paid: Decimal
    contractual: Decimal  # CO-45 family
    patient_responsibility: Decimal  # PR
    other: Decimal  # CR, OA-23
    entry_count: int
    denied: Decimal = ZERO  # any other CO, OA, PI: part of the open balance until worked
    interest: Decimal = ZERO  # AMT*I: paid on top of the charge, outside the balance
    unclassified: Decimal = ZERO  # a CARC without a category of ours: part of the open balance, not denied

    @property
    def open_balance(self) -> Decimal:
        """Charge still owed by the payer after this posting: denied amounts, lines in the unmatched queue."""
        return self.charge - self.paid - self.contractual - self.patient_responsibility - self.other

    @classmethod
    def of(cls, charge: Decimal, entries: Sequence[LedgerEntry]) -> PostedAmounts:
        totals = dict.fromkeys(_TOTAL_OF.values(), ZERO)
        for entry in entries:
            total = _TOTAL_OF.get(category_of(entry))
            if total is not None:
                totals[total] += entry.amount
        return cls(charge=charge, entry_count=len(entries), **totals)


_TOTAL_OF: dict[Category, str] = {
    "payer_payment": "paid",
    "contractual": "contractual",
    "transfer_to_patient": "patient_responsibility",
    "other_adjustment": "other",
    "denial": "denied",
    "interest": "interest",
    "unclassified": "unclassified",
}


@dataclass(frozen=True)
class ClaimReconciliation:
    claim_id: str
    claim_status: str
    outcome: str
    amounts: PostedAmounts
    # What the payer said besides the money (MOA/MIA): shown with the claim, never posted.
    remark_codes: tuple[str, ...] = ()
    covered_days: Decimal | None = None
    outpatient_adjudication: OutpatientAdjudication | None = None
    inpatient_adjudication: InpatientAdjudication | None = None


@dataclass(frozen=True)
class RemittanceReconciliation:
    remittance_key: str
    payer_id: str
    trace_number: str
    file_total: Decimal  # BPR02
    posted_payment_total: Decimal  # payment entries written to claims
    unmatched_payment_total: Decimal  # payments waiting in the unmatched queue
    provider_adjustment_total: Decimal  # sum of PLB amounts
    claims: tuple[ClaimReconciliation, ...]

    @property
    def expected_total(self) -> Decimal:
        return self.posted_payment_total + self.unmatched_payment_total - self.provider_adjustment_total

    @property
    def difference(self) -> Decimal:
        return self.file_total - self.expected_total

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    def to_document(self) -> dict[str, Any]:
        """For the remittance document and the API; money in integer cents like every stored amount."""
        return {
            "remittance_key": self.remittance_key,
            "payer_id": self.payer_id,
            "trace_number": self.trace_number,
            "file_total_cents": to_cents(self.file_total),
            "posted_payment_total_cents": to_cents(self.posted_payment_total),
            "unmatched_payment_total_cents": to_cents(self.unmatched_payment_total),
            "provider_adjustment_total_cents": to_cents(self.provider_adjustment_total),
            "difference_cents": to_cents(self.difference),
            "balanced": self.balanced,
            "claims": [
                {
                    "claim_id": claim.claim_id,
                    "claim_status": claim.claim_status,
                    "outcome": claim.outcome,
                    "charge_cents": to_cents(claim.amounts.charge),
                    "paid_cents": to_cents(claim.amounts.paid),
                    "contractual_cents": to_cents(claim.amounts.contractual),
                    "patient_responsibility_cents": to_cents(claim.amounts.patient_responsibility),
                    "other_adjustment_cents": to_cents(claim.amounts.other),
                    "denied_cents": to_cents(claim.amounts.denied),
                    "unclassified_cents": to_cents(claim.amounts.unclassified),
                    "open_balance_cents": to_cents(claim.amounts.open_balance),
                    "remark_codes": list(claim.remark_codes),
                    "covered_days": str(claim.covered_days) if claim.covered_days is not None else None,
                    "outpatient_adjudication": adjudication_document(claim.outpatient_adjudication),
                    "inpatient_adjudication": adjudication_document(claim.inpatient_adjudication),
                }
                for claim in self.claims
            ],
        }


def payment_total(entries: Iterable[LedgerEntry]) -> Decimal:
    """What the payer paid on claims (CLP04s): payments and the interest added to them."""
    return sum(
        (e.amount for e in entries if e.kind in ("payment", "interest") and e.claim_id is not None), ZERO
    )


def provider_adjustment_total(entries: Iterable[LedgerEntry]) -> Decimal:
    return sum((e.amount for e in entries if e.kind == "provider_adjustment"), ZERO)
