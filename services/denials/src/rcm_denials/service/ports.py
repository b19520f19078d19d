"""What the denials use cases need from the outside world; the composition root wires the adapters in."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from rcm_platform.ports import Aggregates
from rcm_schemas import Event

from rcm_denials.domain.billing_models import TenantBillingConfig

DenialCases = Aggregates
"""The denial cases, one per claim (_id = claim_id): the kit's aggregate store honours this."""


class BillingModels(Protocol):
    async def get(self, tenant_id: str) -> TenantBillingConfig:
        """The tenant's configuration; one never set works every queue in-house."""
        ...

    async def put(self, config: TenantBillingConfig) -> None: ...


class AppealLetters(Protocol):
    async def save(
        self,
        *,
        letter_document_id: str,
        appeal_id: str,
        claim_id: str,
        tenant_id: str,
        text: str,
        created_at: datetime,
    ) -> None: ...

    async def get(self, letter_document_id: str) -> dict[str, Any] | None: ...


class ClaimLedger(Protocol):
    """Which claims were submitted and remitted (denominators of the denial rates), once per claim."""

    async def record_remitted(self, *, tenant_id: str, claim_id: str, month: str) -> None: ...

    async def record_submitted(
        self,
        *,
        tenant_id: str,
        claim_id: str,
        month: str,
        charge_cents: int,
        original_claim_id: str | None = None,
    ) -> None: ...

    async def original_of(self, *, tenant_id: str, claim_id: str) -> str | None:
        """The claim a replacement replaced; None for an original."""
        ...

    async def remitted_count(self, tenant_id: str, month: str) -> int: ...

    async def submitted_by_month(self, tenant_id: str) -> dict[str, tuple[int, int]]: ...


class CommandSender(Protocol):
    async def publish(
        self,
        event: Event,
        *,
        tenant_id: str,
        idempotency_key: str | None = None,
        correlation_id: UUID | None = None,
    ) -> UUID:
        """Send a command to its aggregate's owner (through the command topic)."""
        ...
