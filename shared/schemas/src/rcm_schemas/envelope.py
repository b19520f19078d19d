"""The wire format of every Kafka message: {"envelope": {...}, "payload": {...}}, JSON, UTF-8.

The envelope carries what the platform needs without knowing the payload (routing, idempotency, tracing,
tenancy); the payload is a registered Event subclass. The same envelope fields go into Kafka headers
(headers_for) so tools can filter and route without parsing the body.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID, uuid4

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, SerializeAsAny, ValidationError

from rcm_schemas.codes import TenantId
from rcm_schemas.errors import (
    ContractError,
    MalformedMessage,
    UnknownEventType,
    UnsupportedSchemaVersion,
)
from rcm_schemas.registry import upcast

__all__ = [
    "ContractError",
    "Envelope",
    "Event",
    "EventMessage",
    "MalformedMessage",
    "UnknownEventType",
    "UnsupportedSchemaVersion",
    "decode",
    "encode",
    "headers_for",
    "new_message",
    "safe_reason",
]


class Event(BaseModel):
    """Base of every event and command payload.

    Frozen because an event is a fact that happened; extra fields are refused so that a producer's misspelt
    keyword fails loudly instead of silently dropping data (additions go through a new SCHEMA_VERSION).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    EVENT_TYPE: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int] = 1
    PARTITION_KEY: ClassVar[str]
    """Name of the payload field whose value is the Kafka message key (all events of one aggregate in order).
    """

    def partition_key_value(self) -> str:
        return str(getattr(self, self.PARTITION_KEY))


def _as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_as_utc)]


class Envelope(BaseModel):
    """Metadata of one message. Unknown envelope fields are ignored: the platform may add some compatibly."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID
    """Unique per message; the idempotency key of every consumer."""
    event_type: str
    schema_version: int
    occurred_at: UtcDatetime
    producer: str
    """The service that published the message, e.g. "claims"."""
    tenant_id: TenantId
    correlation_id: UUID
    """Shared by every message descending from one original request (an encounter's whole journey)."""
    causation_id: UUID | None = None
    """event_id of the message whose handling produced this one; None for the first of a chain."""
    partition_key: str


class EventMessage(BaseModel):
    """An envelope and its typed payload. SerializeAsAny dumps the payload's own subclass fields."""

    model_config = ConfigDict(frozen=True)

    envelope: Envelope
    payload: SerializeAsAny[Event]


def new_message(
    event: Event,
    *,
    producer: str,
    tenant_id: str,
    caused_by: Envelope | None = None,
    correlation_id: UUID | None = None,
    event_id: UUID | None = None,
    occurred_at: datetime | None = None,
) -> EventMessage:
    """Wrap an event for publishing. With caused_by, it joins that message's correlation chain."""
    if caused_by is not None:
        if correlation_id is not None and correlation_id != caused_by.correlation_id:
            raise ValueError("correlation_id contradicts caused_by.correlation_id; pass only one of them")
        correlation_id = caused_by.correlation_id
    new_id = event_id or uuid4()
    envelope = Envelope(
        event_id=new_id,
        event_type=event.EVENT_TYPE,
        schema_version=event.SCHEMA_VERSION,
        occurred_at=occurred_at or datetime.now(UTC),
        producer=producer,
        tenant_id=tenant_id,
        # The first message of a chain correlates to itself, so every chain has an id from its first step.
        correlation_id=correlation_id or new_id,
        causation_id=caused_by.event_id if caused_by is not None else None,
        partition_key=event.partition_key_value(),
    )
    return EventMessage(envelope=envelope, payload=event)


def encode(message: EventMessage) -> bytes:
    """The message as compact UTF-8 JSON (amounts as "12.30", datetimes ISO 8601 with offset)."""
    # Dumping the two parts separately skips SerializeAsAny's per-call type inspection of the payload.
    return b"".join(
        (
            b'{"envelope":',
            message.envelope.model_dump_json().encode(),
            b',"payload":',
            message.payload.model_dump_json().encode(),
            b"}",
        )
    )


class _Wire(BaseModel):
    """The outer shape only: parsed in one pass by pydantic-core, the payload kept as a dict for the
    upcasters.
    """

    envelope: dict[str, Any]
    payload: dict[str, Any]


def decode(raw: bytes | str) -> EventMessage:
    """Parse and validate one message, upcasting an older payload version to the current class.

    Raises MalformedMessage, UnknownEventType, UnsupportedSchemaVersion (all ContractError), or pydantic's
    ValidationError when the payload breaks its class's schema.
    """
    try:
        wire = _Wire.model_validate_json(raw)
    except ValidationError as error:
        raise MalformedMessage(f"not a JSON object with envelope and payload: {safe_reason(error)}") from None
    try:
        envelope = Envelope.model_validate(wire.envelope)
    except ValidationError as error:
        raise MalformedMessage(f"invalid envelope: {safe_reason(error)}") from None
    cls, payload = upcast(envelope.event_type, envelope.schema_version, wire.payload)
    event = cls.model_validate(payload)
    if envelope.schema_version != cls.SCHEMA_VERSION:
        # Keep envelope and payload consistent, so re-encoding the decoded message is valid as it stands.
        envelope = envelope.model_copy(update={"schema_version": cls.SCHEMA_VERSION})
    return EventMessage.model_construct(envelope=envelope, payload=event)


def safe_reason(error: ValidationError) -> str:
    """A PHI-free one-line reason for a ValidationError: location and message, never the offending input."""
    # The input value could be a name or member id; it must not reach DLQ headers or logs.
    first = error.errors(include_url=False, include_input=False)[0]
    location = ".".join(str(part) for part in first["loc"]) or "<root>"
    return f"{location}: {first['msg']} ({error.error_count()} error(s))"


def headers_for(envelope: Envelope) -> dict[str, str]:
    """Kafka headers mirroring the envelope; every value a string (encode to bytes in the producer)."""
    return {
        "event_id": str(envelope.event_id),
        "event_type": envelope.event_type,
        "schema_version": str(envelope.schema_version),
        "correlation_id": str(envelope.correlation_id),
        "causation_id": "" if envelope.causation_id is None else str(envelope.causation_id),
        "tenant_id": envelope.tenant_id,
        "producer": envelope.producer,
        "occurred_at": envelope.occurred_at.isoformat(),
    }
