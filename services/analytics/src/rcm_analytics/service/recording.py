"""Keeping the read model: each published event stored once; a rebuild forgets them and reads the topics again."""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from rcm_schemas import EventMessage

from rcm_analytics.service.ports import Batch, EventStore, TopicReplay

log = structlog.get_logger("rcm.analytics.read_model")


@dataclass(frozen=True)
class Rebuilt:
    forgotten: int
    read: int
    stored: int
    undecodable: int


class EventRecorder:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    async def record(self, message: EventMessage) -> None:
        await self.store.append(message)

    async def rebuild(self, replay: TopicReplay) -> Rebuilt:
        """Forget, then read every topic from its start. The live subscriber keeps storing what arrives meanwhile:
        an event it stored after the forgetting stays, one before it is read again (stored once either way)."""
        forgotten = await self.store.clear()
        stored = 0

        async def store_batch(batch: Batch) -> None:
            nonlocal stored
            stored += await self.store.append_many(batch)

        read, undecodable = await replay.replay(store_batch)
        log.info("read model rebuilt", forgotten=forgotten, read=read, stored=stored, undecodable=undecodable)
        return Rebuilt(forgotten=forgotten, read=read, stored=stored, undecodable=undecodable)
