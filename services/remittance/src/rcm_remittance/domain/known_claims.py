"""What remittance knows about the claims we sent: enough to match CLP/SVC loops and to compute balances.

The wiring fills these from ClaimSubmitted events it has seen; the domain never asks anyone for them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from rcm_remittance.domain.ledger import ZERO

ANSWERED_AS_A_LATER_PAYER = frozenset({"2", "3", "20", "21"})
"""CLP02: processed as secondary / tertiary (20, 21: and forwarded to the next payer)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KnownLine(_Frozen):
    """One service line of our 837P claim."""

    line_number: int = Field(ge=1, le=50)
    procedure_code: str
    charge: Decimal
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal("1")
    line_control_number: str = ""  # REF*6R we sent; payers echo it in the 835


class KnownClaim(_Frozen):
    """A claim we submitted, keyed by the id we sent as CLM01 (comes back as CLP01)."""

    claim_id: str
    lines: tuple[KnownLine, ...]
    encounter_id: str | None = None
    patient_id: str | None = None
    date_of_service: date | None = None
    place_of_service: str | None = None
    billing_provider_npi: str | None = None
    rendering_provider_npi: str | None = None
    original_claim_id: str | None = None
    """For a replacement (frequency 7) or a void (8): the claim it replaces; its balance is carried here."""
    frequency_code: str = "1"
    payer_id: str | None = None
    """The payer billed (None in documents stored before coordination of benefits)."""
    coverage_order: str = "primary"
    primary_claim_id: str | None = None
    """For a secondary or tertiary claim: the claim the prior payer adjudicated; their accounts are one."""
    next_payer_id: str | None = None
    """The payer billed after this one: what this payer leaves to the patient is held for it meanwhile."""

    @property
    def prior_version_id(self) -> str | None:
        """The claim this one follows in the same account: the one it replaces, or the prior payer's."""
        return self.original_claim_id or self.primary_claim_id

    def never_sent_to(self, payer_id: str, claim_status: str) -> bool:
        """A payer answering as secondary or tertiary (CLP02 2, 3, 20, 21) on a claim we sent as primary to
        another payer, and not the one billed next: we never sent it this claim, so nothing it says may post
        against the primary's account. (The next payer may answer under this id: the primary forwarded the
        claim to it, a crossover.)"""
        return (
            claim_status in ANSWERED_AS_A_LATER_PAYER
            and self.coverage_order == "primary"
            and self.payer_id is not None
            and payer_id not in (self.payer_id, self.next_payer_id)
        )

    @property
    def charges(self) -> Decimal:
        return sum((line.charge for line in self.lines), ZERO)

    def line(self, line_number: int) -> KnownLine | None:
        return next((line for line in self.lines if line.line_number == line_number), None)
