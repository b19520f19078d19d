"""A claim's timeline: every published event of the claim, of its encounter before it was a claim, and the 835s
that answered it, in the order they happened, each with its X12 text when it carried one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from rcm_schemas import EventMessage
from rcm_schemas.phi import PHI_FIELD_NAMES

X12_FIELD_PREFIX = "x12_"
SHOWN_TYPES = (str, int, float, bool, Decimal)


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    event_type: str
    producer: str
    claim_id: str | None
    details: dict[str, str]
    """The event's plain facts (ids, codes, amounts, dates): no PHI field, no nested list, no X12 text."""
    x12_kind: str | None = None
    """"837P", "835", "276", "277" when the event carried that file."""
    x12: str | None = None


def entry_of(message: EventMessage) -> TimelineEntry:
    payload: Any = message.payload
    details: dict[str, str] = {}
    x12_kind = x12 = None
    for name in type(payload).model_fields:
        value = getattr(payload, name)
        if name.startswith(X12_FIELD_PREFIX) and isinstance(value, str):
            x12_kind, x12 = name.removeprefix(X12_FIELD_PREFIX).upper(), value
        elif name not in PHI_FIELD_NAMES and value is not None and isinstance(value, SHOWN_TYPES):
            details[name] = str(value)
        elif name not in PHI_FIELD_NAMES and hasattr(value, "isoformat"):
            details[name] = value.isoformat()
    return TimelineEntry(
        occurred_at=message.envelope.occurred_at,
        event_type=message.envelope.event_type,
        producer=message.envelope.producer,
        claim_id=getattr(payload, "claim_id", None),
        details=details,
        x12_kind=x12_kind,
        x12=x12,
    )


def timeline(messages: list[EventMessage]) -> list[TimelineEntry]:
    """In the order the events happened (each service stamps its event when it decides)."""
    ordered = sorted(messages, key=lambda m: m.envelope.occurred_at)
    return [entry_of(message) for message in ordered]
