"""The append-only ledger: every posting is an immutable entry; balances are computed, never stored.

Entries are frozen slotted dataclasses rather than Pydantic models because a 10,000-claim 835 produces some
60,000 of them in one call and validation would only re-check values this module computed itself. The
database sees integer cents (to_document); the code sees Decimal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from rcm_schemas.money import from_cents, to_cents

ZERO = Decimal("0.00")

EntryKind = Literal["payment", "adjustment", "patient_responsibility", "provider_adjustment"]
"""provider_adjustment is a PLB amount: provider-level, tied to no claim (positive reduces the payment)."""


def ledger_entry_id(*parts: object) -> str:
    """A deterministic id from the entry's coordinates (payer, trace, claim, line, adjustment index...).

    Re-posting the same file yields the same ids, so inserts keyed on _id are idempotent. Hashed because the
    readable form can exceed index-friendly lengths (trace numbers and claim ids are up to 50/38 chars).
    """
    key = "\x1f".join(str(part) for part in parts)
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One immutable posting. claim_id is None only for provider-level (PLB) entries."""

    entry_id: str
    remittance_key: str
    payer_id: str
    trace_number: str
    claim_id: str | None
    line_number: int | None  # our claim line; None for claim-level amounts
    amount: Decimal
    kind: EntryKind
    group_code: str | None  # CAS01: CO, PR, OA, PI, CR; None for payments and PLB
    carc: str | None  # CAS reason code; None for payments
    posted_at: datetime
    claim_status: str = ""  # CLP02 of the posting remittance claim
    payer_claim_number: str = ""  # CLP07, finds the original posting when the payer reverses it
    remit_line_index: int | None = None  # 1-based SVC position in the payer's claim, for tracing
    reverses_entry_id: str | None = None  # set on the negated copy a reversal (CLP02 = 22) writes
    provider_id: str | None = None  # PLB01
    plb_reason: str | None = None  # PLB03-1 (WO, L6, FB ...)
    plb_reference: str | None = None  # PLB03-2

    def to_document(self) -> dict[str, Any]:
        """The Mongo document: _id is the deterministic id, money is integer cents."""
        return {
            "_id": self.entry_id,
            "remittance_key": self.remittance_key,
            "payer_id": self.payer_id,
            "trace_number": self.trace_number,
            "claim_id": self.claim_id,
            "line_number": self.line_number,
            "amount_cents": to_cents(self.amount),
            "kind": self.kind,
            "group_code": self.group_code,
            "carc": self.carc,
            "posted_at": self.posted_at,
            "claim_status": self.claim_status,
            "payer_claim_number": self.payer_claim_number,
            "remit_line_index": self.remit_line_index,
            "reverses_entry_id": self.reverses_entry_id,
            "provider_id": self.provider_id,
            "plb_reason": self.plb_reason,
            "plb_reference": self.plb_reference,
        }

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> LedgerEntry:
        fields = {k: v for k, v in document.items() if k not in ("_id", "amount_cents")}
        return cls(entry_id=document["_id"], amount=from_cents(document["amount_cents"]), **fields)


@dataclass(frozen=True)
class ClaimBalance:
    """charges = payments + adjustments + patient responsibility + open balance, to the cent."""

    claim_id: str
    charges: Decimal
    payments: Decimal
    contractual_adjustments: Decimal  # group CO
    other_adjustments: Decimal  # OA, PI, CR
    patient_responsibility: Decimal
    open_balance: Decimal

    @property
    def adjustments(self) -> Decimal:
        return self.contractual_adjustments + self.other_adjustments


def claim_balance(claim_id: str, charges: Decimal, entries: Iterable[LedgerEntry]) -> ClaimBalance:
    """The claim's standing from its entries; charges come from our claim (the ledger records money moves)."""
    payments = contractual = other = patient = ZERO
    for entry in entries:
        if entry.claim_id != claim_id:
            continue
        if entry.kind == "payment":
            payments += entry.amount
        elif entry.kind == "patient_responsibility":
            patient += entry.amount
        elif entry.kind == "adjustment" and entry.group_code == "CO":
            contractual += entry.amount
        elif entry.kind == "adjustment":
            other += entry.amount
    return ClaimBalance(
        claim_id=claim_id,
        charges=charges,
        payments=payments,
        contractual_adjustments=contractual,
        other_adjustments=other,
        patient_responsibility=patient,
        open_balance=charges - payments - contractual - other - patient,
    )
