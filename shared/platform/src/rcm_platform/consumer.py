"""The consuming side of a service: decode, dispatch by event type, retry transient failures, dead-letter.

One FastStream subscriber per service reads all its input topics, so every topic's partition N lands on the
same instance (range assignment): the events and commands of one aggregate are handled by one writer, in order.
It takes the records in batches: each record is handled (or dead-lettered) on its own, in partition order, while
the outboxes written are held and sent together at the end of the batch (rcm_platform.outbox_batch); the
batch's offsets are committed only after that.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import structlog
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from pydantic import ValidationError
from rcm_schemas import ContractError, Event, EventMessage, decode, dlq_topic, safe_reason, topic_for

from rcm_platform.asyncapi import describe_inputs
from rcm_platform.commands import CommandLog, CommandState
from rcm_platform.dlq import DeadLetter, describe_exception
from rcm_platform.errors import PermanentError
from rcm_platform.metrics import ServiceMetrics
from rcm_platform.outages import Backoff, OncePerInterval, infrastructure_unavailable
from rcm_platform.outbox_batch import OutboxBatch, current_batch, holding
from rcm_platform.phi import PhiDecryptionError, WireCipher
from rcm_platform.ports import Publisher

Handler = Callable[[EventMessage], Awaitable[None]]
TypedHandler = TypeVar("TypedHandler", bound=Callable[[Any, EventMessage], Awaitable[None]])
"""A subscriber: (the typed payload, the message); the envelope is the cause of what the handler writes."""
E = TypeVar("E", bound=Event)
log = structlog.get_logger("rcm.consumer")
MAX_OUTAGE_WAIT_S = 5.0
"""The longest wait between two tries while the store or broker is away: it is back within this of its return."""
OUTAGE_LOG_INTERVAL_S = 30.0


async def _no_body(message: Any) -> None:
    """A batch's records are decoded one by one in process(), so one bad record cannot fail the others."""
    return None


class EventConsumer:
    def __init__(
        self,
        *,
        service: str,
        group_id: str,
        publisher: Publisher,
        metrics: ServiceMetrics,
        max_attempts: int = 4,
        retry_base_delay_s: float = 0.2,
        topic_prefix: str = "",
        wire: WireCipher | None = None,
        batch_max_records: int = 1,
        batch_wait_ms: int = 100,
    ) -> None:
        """`wire` opens the PHI fields sealed on the broker (None: messages are read as they are).
        Records are taken in batches of at most `batch_max_records` (ServiceSettings)."""
        self.batch_max_records = batch_max_records
        self.batch_wait_ms = batch_wait_ms
        self.service = service
        self.wire = wire
        self.group_id = group_id
        self.publisher = publisher
        self.metrics = metrics
        self.max_attempts = max_attempts
        self.retry_base_delay_s = retry_base_delay_s
        self.topic_prefix = topic_prefix
        self.outage_backoff = Backoff(
            base_s=retry_base_delay_s, cap_s=max(retry_base_delay_s, MAX_OUTAGE_WAIT_S)
        )
        self._outage_lines = OncePerInterval(OUTAGE_LOG_INTERVAL_S)
        self.command_log: CommandLog | None = None
        """Told what became of the commands this service sent from HTTP (GET /commands/{id})."""
        self.handlers: dict[str, Handler] = {}
        self.event_classes: list[type[Event]] = []
        self.topics: list[str] = []

    @property
    def dlq_topic_name(self) -> str:
        return self.topic_prefix + dlq_topic(self.service).name

    def on(self, *event_classes: type[Event]) -> Callable[[TypedHandler], TypedHandler]:
        """Register the handler of these event classes; each is read from the topic the registry names for it.

        Decoding gives the current version's class, so a payload of another class (a registry mismatch or a
        producer bug) cannot succeed on a retry: it is a PermanentError, dead-lettered with its reason.
        """
        if not event_classes:
            raise TypeError("consumer.on() needs at least one event class")

        def register(handler: TypedHandler) -> TypedHandler:
            for event_class in event_classes:
                event_type = event_class.EVENT_TYPE
                if event_type in self.handlers:
                    raise TypeError(f"{self.service} already handles {event_type}")
                self.handlers[event_type] = _typed(event_class, handler)
                self.event_classes.append(event_class)
                full_topic = self.topic_prefix + topic_for(event_type).name
                if full_topic not in self.topics:
                    self.topics.append(full_topic)
            return handler

        return register

    def attach(self, broker: KafkaBroker) -> None:
        if not self.topics:
            return

        # Our process() handles or dead-letters everything; if it still raises (the DLQ is unreachable), nack
        # seeks back so the whole batch returns instead of being committed. A batch of one record is the
        # one-at-a-time consumer: its outbox is published before the next record is taken.
        subscriber = broker.subscriber(
            *self.topics,
            batch=True,
            max_records=self.batch_max_records,
            batch_timeout_ms=self.batch_wait_ms,
            group_id=self.group_id,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            decoder=_no_body,
            partition_assignment_strategy=(RangePartitionAssignor,),
            title=f"{self.service}.inputs",
            description=f"Events and commands the {self.service} service handles: {', '.join(self.handlers)}",
        )

        @subscriber
        async def on_batch(body: Any, message: KafkaMessage) -> None:  # body: unused, we decode each record
            await self.process_batch(message.raw_message)

        describe_inputs(subscriber, self.event_classes)

    async def process_batch(self, records: Sequence[Any]) -> None:
        """Handle the records in order, each on its own (a poison record goes to the DLQ alone), then publish the
        outboxes they wrote in one flush; returns when all are published, so the batch can be committed."""
        batch = OutboxBatch()
        with holding(batch):
            for record in records:
                await self.process(record)
        self.metrics.batch_records.observe(len(records))
        outage_waits = 0
        while True:
            try:
                await batch.publish()
                return
            except Exception as error:
                if not infrastructure_unavailable(error):
                    raise  # nack: the batch returns, its events are duplicates and their outboxes are held again
                outage_waits += 1
                held = self._outage_lines.admit(type(error).__name__)
                if held is not None:
                    log.warning(
                        "broker unavailable, batch waits to publish",
                        error=type(error).__name__,
                        waits=outage_waits,
                        lines_held_back=held,
                    )
                await asyncio.sleep(self.outage_backoff.delay(outage_waits))

    async def process(self, record: Any) -> None:
        """Handle one ConsumerRecord; returns normally when it was handled or dead-lettered."""
        topic = record.topic
        try:
            event = decode(record.value if self.wire is None else self.wire.open(record.value))
        except PhiDecryptionError as error:
            await self._dead_letter(record, "phi", str(error))
            return
        except ContractError as error:
            await self._dead_letter(record, "contract", error.reason)
            return
        except ValidationError as error:
            await self._dead_letter(record, "schema", safe_reason(error))
            return
        handler = self.handlers.get(event.envelope.event_type)
        if handler is None:
            self.metrics.consumed.labels(topic, event.envelope.event_type, "ignored").inc()
            return
        envelope = event.envelope
        with structlog.contextvars.bound_contextvars(
            event_id=str(envelope.event_id),
            event_type=envelope.event_type,
            correlation_id=str(envelope.correlation_id),
            tenant_id=envelope.tenant_id,
        ):
            await self._run_with_retries(record, event, handler)

    async def _run_with_retries(self, record: Any, event: EventMessage, handler: Handler) -> None:
        topic, event_type = record.topic, event.envelope.event_type
        attempt = 0
        outage_waits = 0
        while True:
            started = time.perf_counter()
            try:
                await handler(event)
            except (PermanentError, ContractError, ValidationError) as error:
                self.metrics.failed.labels(topic, type(error).__name__).inc()
                reason = (
                    safe_reason(error) if isinstance(error, ValidationError) else describe_exception(error)
                )
                await self._dead_letter(record, "permanent", reason, event_id=str(event.envelope.event_id))
                return
            except Exception as error:
                self.metrics.failed.labels(topic, type(error).__name__).inc()
                if infrastructure_unavailable(error):
                    # The store or the broker is away, not the event: wait (capped) without spending attempts.
                    outage_waits += 1
                    held = self._outage_lines.admit(type(error).__name__)
                    if held is not None:
                        log.warning(
                            "store or broker unavailable, waiting",
                            error=type(error).__name__,
                            waits=outage_waits,
                            lines_held_back=held,
                        )
                    await asyncio.sleep(self.outage_backoff.delay(outage_waits))
                    continue
                attempt += 1
                if attempt >= self.max_attempts:
                    await self._dead_letter(
                        record,
                        "exhausted",
                        describe_exception(error),
                        event_id=str(event.envelope.event_id),
                        attempts=attempt,
                    )
                    return
                delay = self.retry_base_delay_s * 2 ** (attempt - 1)
                log.warning(
                    "handler failed, retrying",
                    attempt=attempt,
                    delay_s=delay,
                    error=describe_exception(error),
                )
                await asyncio.sleep(delay)
            else:
                self.metrics.handler_seconds.labels(topic).observe(time.perf_counter() - started)
                self.metrics.consumed.labels(topic, event_type, "handled").inc()
                await self._settle(record, str(event.envelope.event_id), "applied")
                return

    @property
    def own_commands_topic(self) -> str:
        return f"{self.topic_prefix}rcm.{self.service}.commands"

    async def _settle(
        self, record: Any, event_id: str, status: CommandState, reason: str | None = None
    ) -> None:
        batch = current_batch()
        # "applied" is only true once the command's events are out, at the end of the batch.
        if (
            status == "applied"
            and batch is not None
            and batch.after_publish(lambda: self._settle(record, event_id, status, reason))
        ):
            return
        if self.command_log is not None and event_id and record.topic == self.own_commands_topic:
            await self.command_log.settled(event_id, status, reason)

    async def _dead_letter(
        self, record: Any, kind: str, reason: str, *, event_id: str = "", attempts: int = 1
    ) -> None:
        headers = {
            k: (v.decode(errors="replace") if isinstance(v, bytes) else str(v))
            for k, v in (record.headers or ())
        }
        letter = DeadLetter(
            service=self.service,
            original_topic=record.topic,
            original_partition=record.partition,
            original_offset=record.offset,
            original_key=record.key,
            value=record.value or b"",
            original_headers=headers,
            reason_kind=kind,
            reason=reason,
            event_id=event_id or headers.get("event_id", ""),
            attempts=attempts,
        )
        # If the DLQ itself cannot be written this raises: the offset stays uncommitted and the message returns.
        await self.publisher.send_raw(
            self.dlq_topic_name, letter.value, key=letter.original_key, headers=letter.headers()
        )
        await self._settle(record, letter.event_id, "refused", f"{kind}: {reason}")
        self.metrics.dead_lettered.labels(record.topic, kind).inc()
        self.metrics.consumed.labels(record.topic, headers.get("event_type", "?"), "dead_lettered").inc()
        log.error(
            "event dead-lettered",
            reason_kind=kind,
            reason=reason,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )


def _typed(event_class: type[E], handler: Callable[[E, EventMessage], Awaitable[None]]) -> Handler:
    async def narrowed(message: EventMessage) -> None:
        payload = message.payload
        if not isinstance(payload, event_class):
            raise PermanentError(f"expected {event_class.__name__}, got {type(payload).__name__}")
        await handler(payload, message)

    return narrowed
