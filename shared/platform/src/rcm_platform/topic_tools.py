"""Topics the tools manage: read a whole topic (no consumer group), create the registry's topics under a run's
prefix, delete a run's topics. Used by `rcm demo` / `rcm bench` / `rcm run` and by the tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition
from rcm_schemas import Topic, all_topics

from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.kafka_acls import grant_registry_acls, revoke_acls_under
from rcm_platform.localstack.topics import ensure_topics


async def read_records(
    bootstrap: str, topic: str, *, at_least: int = 0, timeout_s: float = 30.0
) -> list[object]:
    """All records now on a topic; waits until at least `at_least` exist (or the timeout)."""
    consumer = AIOKafkaConsumer(**kafka_client_options(bootstrap), enable_auto_commit=False)
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


TEST_PARTITIONS = 3
"""Enough to show keyed ordering and a split between two instances, while a whole run's topics stay small
enough for a broker with a 512 MB heap."""


async def create_registry_topics(
    bootstrap: str, prefix: str, *, only: Iterable[str] | None = None, partitions: int = TEST_PARTITIONS
) -> list[str]:
    """The registry's topics under a prefix, so a test runs its services on topics no other test uses."""
    wanted = set(only) if only is not None else None
    topics = [
        Topic(prefix + t.name, t.event_types, t.partition_key, partitions, t.retention_ms)
        for t in all_topics()
        if wanted is None or t.name in wanted
    ]
    await ensure_topics(bootstrap, topics)
    # Service processes of the world connect as their own principals: give them the registry's rights here too.
    await grant_registry_acls(bootstrap, prefix)
    return [t.name for t in topics]


async def delete_test_topics(bootstrap: str, prefix: str = "t_") -> int:
    """Remove a run's topics and their ACLs (tests: the prefix "t_") so runs do not accumulate partitions."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(**kafka_client_options(bootstrap), request_timeout_ms=60000)
    await admin.start()
    try:
        names = [name for name in await admin.list_topics() if name.startswith(prefix)]
        for start in range(0, len(names), 100):
            await admin.delete_topics(names[start : start + 100])
    finally:
        await admin.close()
    await revoke_acls_under(bootstrap, prefix)
    return len(names)
