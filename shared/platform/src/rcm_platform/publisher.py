"""Publishing envelopes to the topic the registry names, keyed by the aggregate, with the envelope in headers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from faststream.kafka import KafkaBroker
from rcm_schemas import EventMessage, encode

from rcm_platform.kafka_access import KafkaAccess, tool_access
from rcm_platform.metrics import ServiceMetrics
from rcm_platform.ports import OutgoingRecord

MAX_MESSAGE_BYTES = 16 * 1024 * 1024  # an 835 for many claims can pass Kafka's 1 MB default


def make_broker(bootstrap: str, *, client_id: str, access: KafkaAccess | None = None) -> KafkaBroker:
    """A broker whose producer is idempotent with acks=all, so a retried send is never duplicated in Kafka.

    Without `access`, the tools' access to that broker (`tool_access`): tests and tools, never a service.
    """
    return KafkaBroker(
        bootstrap,
        security=(access if access is not None else tool_access(bootstrap)).security(),
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        max_request_size=MAX_MESSAGE_BYTES,
        linger_ms=2,
        log_level=logging.DEBUG,  # per-message "Received/Processed" lines are debug; errors still show
    )


class EventPublisher:
    def __init__(
        self,
        broker: KafkaBroker,
        metrics: ServiceMetrics,
        topic_prefix: str = "",
        encoder: Callable[[EventMessage], bytes] = encode,
    ) -> None:
        """`encoder` turns a message into the bytes sent (the service passes the PHI-sealing one)."""
        self.broker = broker
        self.metrics = metrics
        self.topic_prefix = topic_prefix
        self.encoder = encoder

    def record_for(self, message: EventMessage) -> OutgoingRecord:
        return OutgoingRecord.of(message, self.topic_prefix, self.encoder)

    async def publish(self, message: EventMessage) -> None:
        await self.send(self.record_for(message))

    async def send(self, record: OutgoingRecord) -> None:
        await self.send_raw(
            record.topic, record.value.encode(), key=record.key.encode(), headers=record.headers
        )

    async def send_many(self, records: Sequence[OutgoingRecord]) -> None:
        # Every record is queued before any acknowledgment is awaited, so the producer sends them in a few
        # requests; the producer is idempotent, so its retries keep the order of one key's records.
        deliveries = [
            await self.broker.publish(
                record.value.encode(),
                record.topic,
                key=record.key.encode(),
                headers=record.headers,
                no_confirm=True,
            )
            for record in records
        ]
        outcomes = await asyncio.gather(*deliveries, return_exceptions=True)
        for record, outcome in zip(records, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                raise outcome
            self.metrics.published.labels(topic=record.topic).inc()

    async def send_raw(self, topic: str, value: bytes, *, key: bytes | None, headers: dict[str, str]) -> None:
        await self.broker.publish(value, topic, key=key, headers=headers)
        self.metrics.published.labels(topic=topic).inc()
