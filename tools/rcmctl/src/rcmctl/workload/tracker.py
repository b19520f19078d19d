"""Follows a run on the event topics: every event of the run's tenants, from the moment the run began."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from rcm_analytics.domain.event_log import EVENT_TOPICS, EventLog
from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.phi import wire_cipher
from rcm_schemas import EventMessage

# An encounter is settled when it is paid, billed to the patient (self-pay: no payer will answer), or sits in a
# human work queue, or was written off.
SETTLING_EVENTS = (
    "ClaimPaid",
    "SelfPayClaimBilled",
    "ClaimPartiallyPaid",
    "DenialRouted",
    "AppealFiled",
    "DenialWrittenOff",
    "ClaimHeld",
    "CodingReviewRequired",
    "RegistrationIncomplete",
)


class RunTracker:
    def __init__(self, bootstrap: str, tenants: set[str], *, topic_prefix: str = "") -> None:
        self.bootstrap = bootstrap
        self.tenants = tenants
        self.wire = wire_cipher()  # the fleet seals PHI fields with these keys (RCM_PHI_KEYS_DIR)
        self.topics = [topic_prefix + t for t in EVENT_TOPICS]
        self.events = EventLog()
        self.seen: Counter[str] = Counter()
        self.last_event_at = time.monotonic()
        self.working = 0
        """Work items the run's people are still doing (a call waiting on a busy service is not quiet)."""
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        """Begin at the topics' current ends: earlier runs' events are not this run's."""
        consumer = AIOKafkaConsumer(
            **kafka_client_options(self.bootstrap),
            enable_auto_commit=False,
            max_partition_fetch_bytes=16 * 1024 * 1024,
            fetch_max_bytes=64 * 1024 * 1024,
        )
        await consumer.start()
        await consumer._client.force_metadata_update()
        partitions = [
            TopicPartition(t, p) for t in self.topics for p in sorted(consumer.partitions_for_topic(t) or [])
        ]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for tp in partitions:
            await consumer.position(tp)  # resolve the end offsets now, before the run publishes anything
        self._consumer = consumer

    async def poll(self, timeout_ms: int = 500) -> list[EventMessage]:
        assert self._consumer is not None
        batch = await self._consumer.getmany(timeout_ms=timeout_ms, max_records=5000)
        fresh = []
        for records in batch.values():
            for record in records:
                if _tenant_of(record) not in self.tenants:
                    continue  # another run's tenant: its sealed fields are not ours to open
                message = self.wire.decode(record.value)
                if message.envelope.tenant_id in self.tenants:
                    self.events.by_type[message.envelope.event_type].append(message)
                    self.seen[message.envelope.event_type] += 1
                    fresh.append(message)
        if fresh:
            self.last_event_at = time.monotonic()
        return fresh

    def work_started(self) -> None:
        self.working += 1

    def work_finished(self) -> None:
        self.working -= 1
        self.last_event_at = time.monotonic()  # quiet is counted from the last thing done, read or acted on

    def idle_for(self) -> float:
        """Seconds since the last event or finished work item; 0 while a work item is under way."""
        return 0.0 if self.working else time.monotonic() - self.last_event_at

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()


def _tenant_of(record: Any) -> str:
    for name, value in record.headers or ():
        if name == "tenant_id":
            return bytes(value).decode(errors="replace")
    return ""
