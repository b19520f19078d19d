"""Event contracts of the revenue-cycle platform: envelope and codec, every event, the topic registry. No I/O.

Importing rcm_schemas registers every event class, so decode() knows them all.
"""

from rcm_schemas import events
from rcm_schemas.envelope import (
    ContractError,
    Envelope,
    Event,
    EventMessage,
    MalformedMessage,
    UnknownEventType,
    UnsupportedSchemaVersion,
    decode,
    encode,
    headers_for,
    new_message,
    safe_reason,
)
from rcm_schemas.money import Money, MoneyInput, from_cents, to_cents
from rcm_schemas.phi import EVENT_PHI_FIELD_NAMES, LOG_ONLY_PHI_FIELD_NAMES, PHI_FIELD_NAMES
from rcm_schemas.registry import (
    all_event_classes,
    current_event_classes,
    current_version,
    event_class,
    register,
    register_upcaster,
)
from rcm_schemas.topics import CONSUMING_SERVICES, TOPICS, Topic, all_topics, dlq_topic, topic_for
from rcm_schemas.x12_text import X12_TEXT_RULE, X12Text, to_x12_text

__all__ = [
    "CONSUMING_SERVICES",
    "EVENT_PHI_FIELD_NAMES",
    "LOG_ONLY_PHI_FIELD_NAMES",
    "PHI_FIELD_NAMES",
    "TOPICS",
    "X12_TEXT_RULE",
    "ContractError",
    "Envelope",
    "Event",
    "EventMessage",
    "MalformedMessage",
    "Money",
    "MoneyInput",
    "Topic",
    "UnknownEventType",
    "UnsupportedSchemaVersion",
    "X12Text",
    "all_event_classes",
    "all_topics",
    "current_event_classes",
    "current_version",
    "decode",
    "dlq_topic",
    "encode",
    "event_class",
    "events",
    "from_cents",
    "headers_for",
    "new_message",
    "register",
    "register_upcaster",
    "safe_reason",
    "to_cents",
    "to_x12_text",
    "topic_for",
]
