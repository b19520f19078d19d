"""Idempotent topic provisioning from the one topic registry (rcm_schemas.topics)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from rcm_platform.kafka_access import kafka_client_options

TOPIC_ALREADY_EXISTS = 36


class TopicSpec(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def partitions(self) -> int: ...
    @property
    def retention_ms(self) -> int: ...


async def ensure_topics(bootstrap: str, topics: Iterable[TopicSpec]) -> list[str]:
    """Create missing topics; returns the names created. Existing topics are left as they are."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    wanted = list(topics)
    admin = AIOKafkaAdminClient(**kafka_client_options(bootstrap), request_timeout_ms=15000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [topic for topic in wanted if topic.name not in existing]
        if not missing:
            return []
        new_topics = [
            NewTopic(
                name=topic.name,
                num_partitions=topic.partitions,
                replication_factor=1,
                # An 835 for many claims can pass Kafka's 1 MB default message size.
                topic_configs={"retention.ms": str(topic.retention_ms), "max.message.bytes": "16777216"},
            )
            for topic in missing
        ]
        response = await admin.create_topics(new_topics)
        # create_topics does not raise per topic: read the error codes ourselves.
        failures = [
            f"{name}: error {code}"
            for name, code, *_ in getattr(response, "topic_errors", [])
            if code not in (0, TOPIC_ALREADY_EXISTS)
        ]
        if failures:
            raise RuntimeError("topic creation failed: " + "; ".join(failures))
        return [topic.name for topic in missing]
    finally:
        await admin.close()
