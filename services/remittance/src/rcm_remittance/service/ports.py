"""What the remittance use cases need from the outside world; the adapters implement these over Mongo and
Kafka, the unit tests over dicts (tests/unit/fakes.py).

Tenancy: every read names the tenant, and a record of another tenant is "not found".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from rcm_platform.ports import State
from rcm_schemas import Event, EventMessage
from rcm_x12 import Remittance

from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import LedgerEntry
from rcm_remittance.domain.unmatched import ItemStatus, Resolution, UnmatchedItem
from rcm_remittance.service.file_posting import RemittancePosting

Clock = Callable[[], datetime]
""""Now", for the envelopes remittance writes (posting times come from the cause, so a retry posts the same)."""


class KnownClaims(Protocol):
    """The claims we submitted, as ClaimSubmitted told us (one record per claim id)."""

    async def remember(self, claim: KnownClaim, *, tenant_id: str, payer_id: str) -> None:
        """Idempotent: remembering the same claim again writes the same record."""

    async def replaced_by(self, claim_id: str, tenant_id: str) -> str | None:
        """The claim that replaces this one (a correction sent as frequency 7 or 8), if any."""
        ...

    async def get(self, claim_id: str, tenant_id: str) -> KnownClaim | None: ...

    async def of_patient(self, patient_id: str, tenant_id: str) -> list[KnownClaim]: ...

    async def of_tenant(self, tenant_id: str) -> list[KnownClaim]:
        """Every claim of the tenant (a statement cycle reads them once)."""
        ...

    async def find_many(self, claim_ids: Iterable[str], tenant_id: str) -> dict[str, KnownClaim]: ...


class Ledger(Protocol):
    """Append-only; entries are keyed by their deterministic id, so appending one twice keeps one."""

    async def append(self, entries: Sequence[LedgerEntry], tenant_id: str) -> int: ...

    async def of_claim(self, claim_id: str, tenant_id: str) -> list[LedgerEntry]:
        """Oldest first."""
        ...

    async def of_remittance(self, remittance_key: str, tenant_id: str) -> list[LedgerEntry]: ...

    async def of_claims_of_tenant(self, tenant_id: str) -> dict[str, list[LedgerEntry]]:
        """Every claim entry of the tenant by claim id, oldest first (a statement cycle reads them once)."""
        ...

    async def prior_of_claims(
        self, claim_ids: Iterable[str], tenant_id: str, excluding_remittances: Iterable[str]
    ) -> dict[str, list[LedgerEntry]]:
        """Entries a reversal may negate, leaving out those of the remittances being posted now."""
        ...


class UnmatchedQueue(Protocol):
    """Queue items are keyed by their deterministic id: adding one twice keeps the first."""

    async def add(self, items: Sequence[UnmatchedItem], tenant_id: str) -> int: ...

    async def get(self, item_id: str, tenant_id: str) -> tuple[UnmatchedItem, ItemStatus] | None: ...

    async def resolve(
        self, item_id: str, cause: EventMessage, resolution: Resolution, events: Sequence[Event]
    ) -> None:
        """Mark an open item resolved and publish `events`, once per cause; a resolved item stays as it is."""
        ...

    async def open_unknown_claim_items(self, claim_id: str, tenant_id: str) -> list[UnmatchedItem]:
        """Open items paying a claim we did not know when their remittance was posted (usually none)."""
        ...

    async def open_items(self, tenant_id: str, limit: int = 500) -> list[UnmatchedItem]: ...

    async def open_paid_cents(self, remittance_key: str, tenant_id: str) -> int:
        """Money of this remittance still waiting in the queue (part of its reconciliation)."""
        ...


class Remittances(Protocol):
    """Posted 835 transactions, keyed by remittance key; the commit is the point after which one is posted."""

    async def posted_page_count(self, remittance_key: str, tenant_id: str | None = None) -> int | None:
        """How many outbox pages a posted remittance wrote; None when it is not posted (yet)."""
        ...

    async def commit(  # stores under stored_key(tenant, key)
        self,
        posting: RemittancePosting,
        remittance: Remittance,
        cause: EventMessage,
        *,
        page_count: int,
        event_count: int,
        source: str,
        file_name: str | None,
    ) -> None:
        """Record the posting as done, once per cause; a remittance already posted is left as it is."""
        ...

    async def summary(self, remittance_key: str, tenant_id: str) -> State | None:
        """The stored summary (money in integer cents), for the read side."""
        ...


class RemittanceOutbox(Protocol):
    """The events of one posting, stored before the commit and published after it (see adapters/outbox_pages)."""

    async def write(self, remittance_key: str, messages: Sequence[EventMessage]) -> int:
        """Store the messages in order; returns the page count. Writing the same pages again keeps the first."""
        ...

    async def publish(self, remittance_key: str, page_count: int) -> int:
        """Send the stored messages in order and forget them; returns how many were sent now."""
        ...


class SendCommand(Protocol):
    """Publish a command to the owner of its aggregate (the kit's Service.publish)."""

    def __call__(
        self,
        event: Event,
        *,
        tenant_id: str,
        idempotency_key: str | None = None,
        correlation_id: UUID | None = None,
    ) -> Awaitable[UUID]: ...
