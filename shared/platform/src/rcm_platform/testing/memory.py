"""In-memory twins of the kit's aggregate store and publisher, for millisecond use-case tests.

They keep the same contract as the Mongo store and the Kafka publisher (one suite, tests/contract in the
platform package, runs against both): once per cause, state + markers + outbox together, events published
in order after the write, a crashed writer's outbox published by the sweep.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rcm_schemas import Envelope, Event, EventMessage, decode, new_message

from rcm_platform.ports import Decide, Outcome, OutgoingRecord, State


@dataclass(frozen=True)
class SentRecord:
    topic: str
    key: bytes | None
    value: bytes
    headers: dict[str, str]


class RecordingPublisher:
    """Keeps what would have gone to Kafka, in order; `messages` decodes the envelopes among them."""

    def __init__(self, topic_prefix: str = "") -> None:
        self.topic_prefix = topic_prefix
        self.sent: list[SentRecord] = []
        self.fail_next: int = 0
        """Test seam: the next N sends raise ConnectionError, as a broker outage would."""

    def record_for(self, message: EventMessage) -> OutgoingRecord:
        return OutgoingRecord.of(message, self.topic_prefix)

    async def publish(self, message: EventMessage) -> None:
        await self.send(self.record_for(message))

    async def send(self, record: OutgoingRecord) -> None:
        await self.send_raw(
            record.topic, record.value.encode(), key=record.key.encode(), headers=record.headers
        )

    async def send_many(self, records: Sequence[OutgoingRecord]) -> None:
        for record in records:
            await self.send(record)

    async def send_raw(self, topic: str, value: bytes, *, key: bytes | None, headers: dict[str, str]) -> None:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise ConnectionError("recording publisher told to fail")
        self.sent.append(SentRecord(topic, key, value, dict(headers)))

    @property
    def messages(self) -> list[EventMessage]:
        return [decode(r.value) for r in self.sent if r.headers.get("event_type")]

    def events(self, event_class: type[Event] | None = None) -> list[Any]:
        """The published payloads, optionally only those of one class."""
        payloads = [m.payload for m in self.messages]
        return payloads if event_class is None else [p for p in payloads if isinstance(p, event_class)]

    def clear(self) -> None:
        self.sent.clear()


@dataclass
class _Document:
    state: State
    tenant_id: str
    processed: list[str] = field(default_factory=list)
    outbox: list[OutgoingRecord] = field(default_factory=list)
    version: int = 1


class InMemoryAggregateStore:
    """The AggregateStore contract over a dict. States are deep-copied in and out, as a database would."""

    def __init__(self, publisher: RecordingPublisher, *, producer: str) -> None:
        self.publisher = publisher
        self.producer = producer
        self.documents: dict[str, _Document] = {}
        self.after_write: Callable[[str], Awaitable[None]] | None = None
        """Test seam, as on the real store: runs between the write and the publish."""

    async def load(self, aggregate_id: str) -> State | None:
        doc = self.documents.get(aggregate_id)
        return None if doc is None else copy.deepcopy(doc.state)

    async def has_processed(self, aggregate_id: str, marker: str) -> bool:
        doc = self.documents.get(aggregate_id)
        return doc is not None and marker in doc.processed

    async def handle(self, aggregate_id: str, cause: EventMessage, decide: Decide) -> Outcome:
        envelope = cause.envelope
        marker = str(envelope.event_id)
        doc = self.documents.get(aggregate_id)
        if doc is not None and marker in doc.processed:
            await self._flush(doc)
            return Outcome.DUPLICATE
        decided = decide(None if doc is None else copy.deepcopy(doc.state))
        decision = await decided if inspect.isawaitable(decided) else decided
        if decision is None:
            return Outcome.UNCHANGED
        records = [self._record(event, envelope.tenant_id, envelope) for event in decision.events]
        new_doc = _Document(
            state=copy.deepcopy(decision.state),
            tenant_id=envelope.tenant_id if doc is None else doc.tenant_id,
            processed=[*(doc.processed if doc else []), marker],
            outbox=[*(doc.outbox if doc else []), *records],
            version=(doc.version if doc else 0) + 1,
        )
        self.documents[aggregate_id] = new_doc
        if self.after_write is not None:
            await self.after_write(aggregate_id)
        await self._flush(new_doc)
        return Outcome.APPLIED

    async def create(
        self, aggregate_id: str, *, tenant_id: str, state: State, events: Sequence[Event], marker: str
    ) -> Outcome:
        existing = self.documents.get(aggregate_id)
        if existing is not None:
            await self._flush(existing)
            return Outcome.DUPLICATE
        doc = _Document(
            state=copy.deepcopy(state),
            tenant_id=tenant_id,
            processed=[marker],
            outbox=[self._record(event, tenant_id, None) for event in events],
        )
        self.documents[aggregate_id] = doc
        await self._flush(doc)
        return Outcome.APPLIED

    async def insert_many(self, states: Mapping[str, State], *, tenant_id: str) -> int:
        new = {key: state for key, state in states.items() if key not in self.documents}
        for key, state in new.items():
            self.documents[key] = _Document(state=copy.deepcopy(state), tenant_id=tenant_id)
        return len(new)

    async def flush_pending(self) -> int:
        pending = [doc for doc in self.documents.values() if doc.outbox]
        for doc in pending:
            await self._flush(doc)
        return len(pending)

    def _record(self, event: Event, tenant_id: str, caused_by: Envelope | None) -> OutgoingRecord:
        message = new_message(event, producer=self.producer, tenant_id=tenant_id, caused_by=caused_by)
        return self.publisher.record_for(message)

    async def _flush(self, doc: _Document) -> None:
        while doc.outbox:  # one by one: a failed send leaves the rest for the next attempt, in order
            await self.publisher.send(doc.outbox[0])
            doc.outbox.pop(0)


class InMemoryStores:
    """`stores=` for a Service or a composition root: one in-memory aggregate store per collection name."""

    def __init__(self, publisher: RecordingPublisher, *, producer: str) -> None:
        self.publisher = publisher
        self.producer = producer
        self.by_collection: dict[str, InMemoryAggregateStore] = {}

    def __call__(self, collection: str) -> InMemoryAggregateStore:
        if collection not in self.by_collection:
            self.by_collection[collection] = InMemoryAggregateStore(self.publisher, producer=self.producer)
        return self.by_collection[collection]
