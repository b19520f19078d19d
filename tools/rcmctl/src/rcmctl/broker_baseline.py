"""The broker alone, as the reference for `rcm bench`: the same number of messages through produce + consume."""

from __future__ import annotations

import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.localstack.topics import ensure_topics
from rcm_schemas import Topic

STALL_S = 30.0
"""The reference gives up when nothing more arrives for this long, and reports the rate of what did."""


async def broker_round_trip(bootstrap: str, messages: int, payload_bytes: int = 1500) -> float:
    """Messages per second produced (acks=all, idempotent) and consumed back by one consumer."""
    topic = Topic(f"rcm.bench.baseline.{uuid.uuid4().hex[:8]}", (), "", 6, 3_600_000)
    await ensure_topics(bootstrap, [topic])
    body = b"x" * payload_bytes
    producer = AIOKafkaProducer(
        **kafka_client_options(bootstrap), acks="all", enable_idempotence=True, linger_ms=2
    )
    # Partitions assigned by hand, not through a consumer group: a group join that stalls (seen once after a
    # long bench) would leave the reference waiting forever for messages it is never given.
    consumer = AIOKafkaConsumer(**kafka_client_options(bootstrap), auto_offset_reset="earliest")
    await producer.start()
    await consumer.start()
    partitions = [TopicPartition(topic.name, p) for p in range(topic.partitions)]
    consumer.assign(partitions)
    await consumer.seek_to_beginning(*partitions)
    started = time.perf_counter()
    received = 0
    try:
        for index in range(messages):
            await producer.send(topic.name, body, key=str(index % 997).encode())
        await producer.flush()
        last_progress = time.monotonic()
        while received < messages and time.monotonic() - last_progress < STALL_S:
            batch = await consumer.getmany(timeout_ms=1000)
            got = sum(len(records) for records in batch.values())
            if got:
                received, last_progress = received + got, time.monotonic()
    finally:
        await producer.stop()
        await consumer.stop()
    return received / (time.perf_counter() - started)
