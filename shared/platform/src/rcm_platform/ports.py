"""What a service's adapters may rely on from the kit: an aggregate store and a publisher.

The Mongo-backed `AggregateStore` and Kafka-backed `EventPublisher` implement these, and so do the in-memory
fakes in `rcm_platform.testing.memory`; one contract test suite runs against both pairs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from rcm_schemas import Event, EventMessage, encode, headers_for, topic_for

State = dict[str, Any]
"""An aggregate's state as stored: plain JSON-able values (money as integer cents or strings)."""


@dataclass
class Decision:
    """What a handler decided: the aggregate's new state and the events it produces (both may be empty)."""

    state: State
    events: Sequence[Event] = field(default_factory=tuple)


class Outcome(Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    UNCHANGED = "unchanged"


Decide = Callable[[State | None], Decision | Awaitable[Decision | None] | None]


@dataclass(frozen=True)
class OutgoingRecord:
    """One message ready to send, as the outbox stores it (plain JSON-able fields)."""

    event_id: str
    topic: str
    key: str
    value: str
    headers: dict[str, str]

    def to_document(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "topic": self.topic,
            "key": self.key,
            "value": self.value,
            "headers": self.headers,
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> OutgoingRecord:
        return cls(doc["event_id"], doc["topic"], doc["key"], doc["value"], dict(doc["headers"]))

    @classmethod
    def of(
        cls,
        message: EventMessage,
        topic_prefix: str = "",
        encoder: Callable[[EventMessage], bytes] = encode,
    ) -> OutgoingRecord:
        """The message on the registry's topic for its type, keyed by its aggregate, envelope in headers.

        `encoder` is the kit's PHI-sealing one in services (rcm_platform.phi.wire), plain `encode` in fakes.
        """
        envelope = message.envelope
        return cls(
            event_id=str(envelope.event_id),
            topic=topic_prefix + topic_for(envelope.event_type).name,
            key=envelope.partition_key,
            value=encoder(message).decode(),
            headers=headers_for(envelope),
        )


class Publisher(Protocol):
    def record_for(self, message: EventMessage) -> OutgoingRecord: ...

    async def publish(self, message: EventMessage) -> None: ...

    async def send(self, record: OutgoingRecord) -> None:
        """Send one record; records of one key keep their order."""
        ...

    async def send_many(self, records: Sequence[OutgoingRecord]) -> None:
        """Send these records in one producer flush (all handed over before any acknowledgment is awaited);
        records of one key keep their order. Raises when any of them was not acknowledged."""
        ...

    async def send_raw(self, topic: str, value: bytes, *, key: bytes | None, headers: dict[str, str]) -> None:
        """Send bytes that are not (or no longer) an envelope we built: dead letters and their replays."""
        ...


class Aggregates(Protocol):
    """One writer per aggregate: state, processed markers and outbox change together, once per cause."""

    after_write: Callable[[str], Awaitable[None]] | None
    """Test seam: runs between the state write and the publish (crash tests stop the process there)."""

    async def load(self, aggregate_id: str) -> State | None: ...

    async def has_processed(self, aggregate_id: str, marker: str) -> bool: ...

    async def handle(self, aggregate_id: str, cause: EventMessage, decide: Decide) -> Outcome:
        """Apply `decide` to the aggregate once per cause; its events are published after the write."""
        ...

    async def create(
        self, aggregate_id: str, *, tenant_id: str, state: State, events: Sequence[Event], marker: str
    ) -> Outcome:
        """Create an aggregate once (an HTTP create): a second create with the same id is a DUPLICATE."""
        ...

    async def insert_many(self, states: Mapping[str, State], *, tenant_id: str) -> int:
        """Create many aggregates without events; existing ids are left alone. Returns how many were new."""
        ...

    async def flush_pending(self) -> int:
        """Publish outboxes a crashed writer left behind; returns how many aggregates had some."""
        ...


AggregatesFor = Callable[[str], Aggregates]
"""The aggregate store of a collection name: the composition root's seam for an in-memory store in tests."""
