"""Reading topics in tests: everything on a topic (no consumer group), decoded when it is an envelope."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition

from rcm_platform.localstack.topics import ensure_topics
from rcm_schemas import EventMessage, all_topics, decode


async def read_records(bootstrap: str, topic: str, *, at_least: int = 0, timeout_s: float = 30.0) -> list[object]:
    """All records now on a topic; waits until at least `at_least` exist (or the timeout)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[object] = []
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            batch = await consumer.getmany(timeout_ms=300)
            for tp_records in batch.values():
                records.extend(tp_records)
            if not batch and len(records) >= at_least:
                return records
            if asyncio.get_running_loop().time() > deadline:
                return records
    finally:
        await consumer.stop()


async def read_events(bootstrap: str, topic: str, *, at_least: int = 0, timeout_s: float = 30.0,
                      event_type: str | None = None) -> list[EventMessage]:
    records = await read_records(bootstrap, topic, at_least=at_least, timeout_s=timeout_s)
    messages = [decode(r.value) for r in records]  # type: ignore[attr-defined]
    return [m for m in messages if event_type is None or m.envelope.event_type == event_type]


class _Prefixed:
    def __init__(self, name: str, partitions: int, retention_ms: int) -> None:
        self.name, self.partitions, self.retention_ms = name, partitions, retention_ms


async def create_registry_topics(bootstrap: str, prefix: str, *, only: Iterable[str] | None = None) -> list[str]:
    """The registry's topics under a prefix, so a test runs its services on topics no other test uses."""
    wanted = set(only) if only is not None else None
    topics = [_Prefixed(prefix + t.name, t.partitions, t.retention_ms) for t in all_topics()
              if wanted is None or t.name in wanted]
    await ensure_topics(bootstrap, topics)
    return [t.name for t in topics]
