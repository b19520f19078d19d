"""What the claim workflow needs from the outside world; the adapters implement these (Mongo, the kit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

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


class UnknownClaim(LookupError):
    """An event or command names a claim this service never built."""
