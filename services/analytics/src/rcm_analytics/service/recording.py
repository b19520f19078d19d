"""Keeping the read model: each published event stored once; a rebuild forgets them and reads the topics again."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import structlog
from rcm_schemas import EventMessage

from rcm_analytics.domain.worklists import worklist_changes
from rcm_analytics.service.ports import Batch, EventStore, TopicReplay, Worklists

log = structlog.get_logger("rcm.analytics.read_model")


@dataclass(frozen=True)
class Rebuilt:
    forgotten: int
    read: int
    stored: int
    undecodable: int


class EventRecorder:
    def __init__(self, store: EventStore, worklists: Worklists) -> None:
        self.store = store
        self.worklists = worklists
        self._rebuilding = asyncio.Lock()
        """One rebuild at a time in a process: a second asked meanwhile runs after it (each reads everything)."""

    async def record(self, message: EventMessage) -> None:
        """Stored once; the worklist change is applied on every delivery (it is idempotent), so a crash between
        the two writes is mended by the redelivery."""
        await self.store.append(message)
        await self._apply_to_worklists(message)

    async def _apply_to_worklists(self, message: EventMessage) -> None:
        for change in worklist_changes(message):
            await self.worklists.apply(message.envelope.tenant_id, change)

    async def rebuild(self, replay: TopicReplay) -> Rebuilt:
        async with self._rebuilding:
            return await self._rebuild(replay)

    async def _rebuild(self, replay: TopicReplay) -> Rebuilt:
        """Forget, then read every topic from its start. The live subscriber keeps storing what arrives meanwhile:
        an event it stored after the forgetting stays, one before it is read again (stored once either way)."""
        forgotten = stored = 0

        async def forget() -> None:
            nonlocal forgotten
            forgotten = await self.store.clear()

        async def store_batch(batch: Batch) -> None:
            nonlocal stored
            stored += await self.store.append_many(batch)

        read, undecodable = await replay.replay(store_batch, before_reading=forget)
        # The worklists again from the stored events in the order they happened (the topics were read one
        # partition after another, so a denial's settling 835 may have been read before the denial).
        await self.worklists.clear()
        for tenant_id in await self.store.tenants():
            for message in sorted((await self.store.log_of([tenant_id])).messages(), key=_when):
                await self._apply_to_worklists(message)
        log.info("read model rebuilt", forgotten=forgotten, read=read, stored=stored, undecodable=undecodable)
        return Rebuilt(forgotten=forgotten, read=read, stored=stored, undecodable=undecodable)


def _when(message: EventMessage) -> Any:
    return message.envelope.occurred_at
