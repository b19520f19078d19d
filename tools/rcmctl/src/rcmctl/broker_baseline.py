"""The broker alone, as the reference for `rcm bench`: the same number of messages through produce + consume."""

from __future__ import annotations

import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.localstack.topics import ensure_topics
from rcm_schemas import Topic


async def broker_round_trip(bootstrap: str, messages: int, payload_bytes: int = 1500) -> float:
    """Messages per second produced (acks=all, idempotent) and consumed back by one consumer."""
    topic = Topic(f"rcm.bench.baseline.{uuid.uuid4().hex[:8]}", (), "", 6, 3_600_000)
    await ensure_topics(bootstrap, [topic])
    body = b"x" * payload_bytes
    producer = AIOKafkaProducer(
        **kafka_client_options(bootstrap), acks="all", enable_idempotence=True, linger_ms=2
    )
    consumer = AIOKafkaConsumer(
        topic.name,
        **kafka_client_options(bootstrap),
        auto_offset_reset="earliest",
        group_id=f"{topic.name}.g",
        enable_auto_commit=False,
    )
    await producer.start()
    await consumer.start()
    started = time.perf_counter()
    try:
        for index in range(messages):
            await producer.send(topic.name, body, key=str(index % 997).encode())
        await producer.flush()
        received = 0
        while received < messages:
            batch = await consumer.getmany(timeout_ms=1000)
            received += sum(len(records) for records in batch.values())
            await consumer.commit()
    finally:
        await producer.stop()
        await consumer.stop()
    return messages / (time.perf_counter() - started)
