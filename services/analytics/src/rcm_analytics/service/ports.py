"""What the analytics use cases need from the outside world; adapters implement these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from rcm_schemas import EventMessage

from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.worklists import Change, OpenItem, Worklist


class EventStore(Protocol):
    async def append(self, message: EventMessage) -> bool:
        """Store the event once (False: it was already stored)."""
        ...

    async def append_many(self, messages: Iterable[EventMessage]) -> int: ...

    async def log_of(self, tenants: Iterable[str]) -> EventLog:
        """The tenants' events grouped by type, in the order they happened."""
        ...

    async def count(self, tenants: Iterable[str]) -> int: ...

    async def of_claim(self, tenant_id: str, claim_id: str) -> list[EventMessage]: ...

    async def claims_of_encounter(self, tenant_id: str, encounter_id: str) -> list[str]: ...

    async def clear(self) -> int:
        """Forget every stored event (before a rebuild from the topics)."""
        ...

    async def tenants(self) -> list[str]: ...


Batch = list[EventMessage]


class TopicReplay(Protocol):
    async def replay(
        self, handle: Callable[[Batch], Awaitable[None]], before_reading: Callable[[], Awaitable[object]]
    ) -> tuple[int, int]:
        """Once every event topic's partitions are known, run `before_reading`; then read each topic from its
        start to the end it has then, handing over batches in order; returns (events read, records that could
        not be decoded). Raises, before `before_reading`, when a topic cannot be found."""
        ...


class Worklists(Protocol):
    async def apply(self, tenant_id: str, change: Change) -> None: ...

    async def open_rows(self, tenant_id: str, worklist: Worklist) -> list[OpenItem]: ...

    async def version(self, tenant_id: str, worklist: Worklist) -> str | None: ...

    async def clear(self) -> None: ...
