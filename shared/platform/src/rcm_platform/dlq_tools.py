"""Reading and replaying a service's DLQ (`rcm dlq list|replay`)."""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from rcm_schemas import dlq_topic

from rcm_platform.kafka_access import kafka_client_options


@dataclass(frozen=True)
class DeadLetterView:
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]

    @property
    def event_id(self) -> str:
        return self.headers.get("dlq.event_id", "")

    @property
    def reference(self) -> str:
        """How an operator names a dead letter that has no event id (malformed JSON): partition:offset."""
        return f"{self.partition}:{self.offset}"


async def read_dead_letters(bootstrap: str, service: str, *, topic_prefix: str = "") -> list[DeadLetterView]:
    """Every message currently in the service's DLQ, read without a consumer group (nothing is committed)."""
    topic = topic_prefix + dlq_topic(service).name
    consumer = AIOKafkaConsumer(**kafka_client_options(bootstrap), enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        if not partitions:
            await consumer._client.force_metadata_update()  # a topic not yet in the cached metadata
            partitions = [
                TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])
            ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        letters: list[DeadLetterView] = []
        for tp in partitions:
            while await consumer.position(tp) < ends[tp]:
                batch = await consumer.getmany(tp, timeout_ms=2000)
                for record in batch.get(tp, []):
                    headers = {k: v.decode(errors="replace") for k, v in record.headers}
                    letters.append(
                        DeadLetterView(tp.partition, record.offset, record.key, record.value or b"", headers)
                    )
        return letters
    finally:
        await consumer.stop()


async def replay(bootstrap: str, letters: list[DeadLetterView], *, replacement: bytes | None = None) -> int:
    """Send each dead letter back to its original topic with its key; `replacement` swaps a fixed body in."""
    producer = AIOKafkaProducer(
        **kafka_client_options(bootstrap),
        acks="all",
        enable_idempotence=True,
        max_request_size=16 * 1024 * 1024,
    )
    await producer.start()
    try:
        for letter in letters:
            headers = [(k, v.encode()) for k, v in letter.headers.items() if not k.startswith("dlq.")]
            headers.append(("dlq.replayed_from", f"{letter.partition}:{letter.offset}".encode()))
            await producer.send_and_wait(
                letter.headers["dlq.original_topic"],
                replacement or letter.value,
                key=letter.key,
                headers=headers,
            )
        return len(letters)
    finally:
        await producer.stop()
