"""What the claim use cases and the read API need from the outside world; the adapters implement these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol

import rcm_x12
from rcm_schemas import EventMessage

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.service.decisions import ClaimDecision

ClaimDecide = Callable[[ClaimRecord | None], ClaimDecision | None]
TransmissionFor = Callable[[datetime], rcm_x12.ClaimTransmission]
"""The 837P envelope parties for a file created at this time (fixed by the clearinghouse enrolment)."""


class ClaimStore(Protocol):
    async def load(self, claim_id: str) -> ClaimRecord | None: ...

    async def apply(self, claim_id: str, cause: EventMessage, decide: ClaimDecide) -> str:
        """Apply `decide` once per cause (state, processed marker and events in one write)."""
        ...


class ControlNumberSource(Protocol):
    async def reserve(self, key: str) -> rcm_x12.ControlNumbers:
        """Unique control numbers for one submission; the same key always gets the same numbers."""
        ...


class SubmittedClaims(Protocol):
    async def prior_fingerprints(self, claim: ProfessionalClaim) -> frozenset[str]: ...

    async def remember(self, claim: ProfessionalClaim) -> None: ...


SummaryRow = dict[str, Any]
"""The flat summary fields of a stored claim (no PHI, no 837 text), as the lists of the HTTP API show them."""


class ClaimReads(Protocol):
    """The read side: lists of summaries and one claim, always within one tenant."""

    async def list_claims(
        self,
        tenant_id: str,
        *,
        status: str | None = None,
        payer_id: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[SummaryRow]: ...

    async def list_work_items(
        self,
        tenant_id: str,
        *,
        status: str | None = "open",
        payer_id: str | None = None,
        rule_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[SummaryRow]: ...

    async def claim(self, tenant_id: str, claim_id: str) -> ClaimRecord | None:
        """One claim of this tenant; another tenant's claim does not exist for the caller."""
        ...


class UnknownClaim(LookupError):
    """An event or command names a claim this service never built."""
