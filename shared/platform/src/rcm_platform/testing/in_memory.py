"""A service built by its own composition root on the in-memory store and publisher, driven without Kafka.

    world = in_memory_service(build_app, RegistrationSettings())
    await world.deliver(correct_registration, tenant_id="t1")
    assert world.published(EncounterRegistered)

This drives a whole service where every port of its composition root sits on the aggregate stores
(registration, the template of `rcm new-service`); services whose adapters also read plain collections test
their use cases with in-memory implementations of their own ports.

`deliver` runs a message through the service's real consumer (decode, typed dispatch, retries, DLQ), so a
use-case test covers the same path as production minus the broker; `http()` is an ASGI client without the
lifespan (nothing connects).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

import httpx
from rcm_schemas import Envelope, Event, EventMessage, encode, headers_for, new_message, topic_for

from rcm_platform.dlq import DLQ_HEADER_PREFIX
from rcm_platform.ports import AggregatesFor, Publisher
from rcm_platform.service import Service
from rcm_platform.settings import ServiceSettings
from rcm_platform.testing.memory import InMemoryStores, RecordingPublisher

S = TypeVar("S", bound=ServiceSettings)
E = TypeVar("E", bound=Event)
BuildApp = Callable[..., Service]


@dataclass
class _Record:
    """The fields of an aiokafka ConsumerRecord the kit's consumer reads."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class InMemoryService:
    service: Service
    publisher: RecordingPublisher
    stores: InMemoryStores
    _offsets: itertools.count[int] = field(default_factory=itertools.count)

    async def deliver(
        self,
        event: Event,
        *,
        tenant_id: str,
        caused_by: Envelope | None = None,
        event_id: UUID | None = None,
        producer: str = "test",
    ) -> EventMessage:
        """Send one event or command through the consumer, as if it arrived on its registry topic."""
        message = new_message(
            event, producer=producer, tenant_id=tenant_id, caused_by=caused_by, event_id=event_id
        )
        await self.deliver_message(message)
        return message

    async def deliver_message(self, message: EventMessage) -> None:
        await self.deliver_raw(topic_for(message.envelope.event_type).name, encode(message), message.envelope)

    async def deliver_raw(self, topic: str, value: bytes, envelope: Envelope | None = None) -> None:
        headers = [] if envelope is None else [(k, v.encode()) for k, v in headers_for(envelope).items()]
        key = None if envelope is None else envelope.partition_key.encode()
        record = _Record(self.service.settings.topic(topic), 0, next(self._offsets), key, value, headers)
        await self.service.consumer.process(record)

    def published(self, event_class: type[E]) -> list[E]:
        return list(self.publisher.events(event_class))

    def dead_letters(self) -> list[dict[str, str]]:
        """What went to the DLQ, by its dlq.* headers without the prefix (reason_kind, reason, event_id, ...)."""
        dlq = self.service.consumer.dlq_topic_name
        return [
            {
                key.removeprefix(DLQ_HEADER_PREFIX): value
                for key, value in record.headers.items()
                if key.startswith(DLQ_HEADER_PREFIX)
            }
            for record in self.publisher.sent
            if record.topic == dlq
        ]

    def http(self) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.service.http)
        return httpx.AsyncClient(transport=transport, base_url="http://in-memory")


def in_memory_service(build_app: BuildApp, settings: S, **overrides: Any) -> InMemoryService:
    """Build the service through its composition root with `stores=` and `publisher=` in memory."""
    publisher = RecordingPublisher(settings.topic_prefix)
    stores = InMemoryStores(publisher, producer=settings.service_name)
    service = build_app(settings, stores=_as_factory(stores), publisher=_as_publisher(publisher), **overrides)
    return InMemoryService(service, publisher, stores)


def _as_factory(stores: InMemoryStores) -> AggregatesFor:
    return stores


def _as_publisher(publisher: RecordingPublisher) -> Publisher:
    return publisher
