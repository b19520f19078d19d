"""The unmatched queue: payer claims or lines that matched nothing of ours, kept whole so a biller can match
them by hand and the match can post them exactly as an automatic match would have."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from rcm_x12 import RemitClaim, RemitServiceLine

from rcm_remittance.domain.ledger import ledger_entry_id

UnmatchedKind = Literal["claim", "line"]
UnmatchedReason = Literal["unknown_claim", "no_matching_line", "invalid_claim", "secondary_not_sent"]
"""invalid_claim: the payer's claim cannot be posted as sent (it does not balance, or its status is unknown);
`problem` says why. It is never matched automatically, nor by hand: the payer must send a corrected 835."""
ItemStatus = Literal["open", "resolved"]
OPEN: ItemStatus = "open"
RESOLVED: ItemStatus = "resolved"


def unmatched_item_id(
    tenant_id: str, remittance_key: str, payer_claim_id: str, occurrence: int, svc_index: int | None
) -> str:
    """Deterministic, so a redelivered file recreates the same queue item instead of a duplicate; the tenant's
    own, so the same 835 under two tenants queues two items."""
    return ledger_entry_id(
        tenant_id, remittance_key, payer_claim_id, occurrence, "unmatched", svc_index or "claim"
    )


@dataclass(frozen=True)
class Resolution:
    """How a queue item was resolved: the claim (and line) it was matched to, by whom, and what it posted."""

    claim_id: str
    line_number: int | None
    resolved_by: str
    resolved_at: datetime
    entry_count: int


@dataclass(frozen=True)
class UnmatchedItem:
    """A whole payer claim (kind "claim", svc_index None) or one SVC line of a claim we know (kind "line")."""

    item_id: str
    kind: UnmatchedKind
    reason: UnmatchedReason
    remittance_key: str
    payer_id: str
    payer_name: str
    trace_number: str
    payment_date: date
    claim: RemitClaim  # the payer's claim as read, CLP01 included
    occurrence: int  # how often CLP01 appeared before in the same transaction
    created_at: datetime
    svc_index: int | None = None  # 1-based SVC position for a line item
    known_claim_id: str | None = None  # for a line item: our claim the line belongs to
    problem: str = ""  # invalid_claim: what is wrong with the payer's claim, in the payer's numbers

    @property
    def line(self) -> RemitServiceLine | None:
        return self.claim.lines[self.svc_index - 1] if self.svc_index else None

    @property
    def paid(self) -> Decimal:
        """The money this item holds back from the posted total until it is matched."""
        line = self.line
        return line.paid if line is not None else self.claim.paid

    @property
    def charge(self) -> Decimal:
        line = self.line
        return line.charge if line is not None else self.claim.charge

    def summary(self) -> dict[str, object]:
        """What a biller needs on screen to find the right claim (PHI: patient name and member id)."""
        claim, line = self.claim, self.line
        return {
            "item_id": self.item_id,
            "kind": self.kind,
            "reason": self.reason,
            "problem": self.problem or None,
            "payer_id": self.payer_id,
            "payer_name": self.payer_name,
            "trace_number": self.trace_number,
            "payment_date": self.payment_date.isoformat(),
            "payer_claim_id": claim.claim_id,
            "payer_claim_number": claim.payer_claim_number,
            "claim_status": claim.status,
            "patient_name": f"{claim.patient_last_name}, {claim.patient_first_name}".strip(", "),
            "patient_member_id": claim.patient_member_id,
            "known_claim_id": self.known_claim_id,
            "procedure_code": line.procedure_code if line else None,
            "modifiers": list(line.modifiers) if line else [],
            "original_procedure_code": line.original_procedure_code or None if line else None,
            "line_control_number": line.line_control_number or None if line else None,
            "service_date": line.service_date.isoformat() if line and line.service_date else None,
            "charge": f"{self.charge:.2f}",
            "paid": f"{self.paid:.2f}",
        }
