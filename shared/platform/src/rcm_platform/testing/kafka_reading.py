"""Reading topics in tests: everything on a topic, decoded when it is an envelope (helpers from topic_tools)."""

from __future__ import annotations

from rcm_schemas import EventMessage

from rcm_platform.phi import wire_cipher
from rcm_platform.topic_tools import TEST_PARTITIONS, create_registry_topics, delete_test_topics, read_records

__all__ = ["TEST_PARTITIONS", "create_registry_topics", "delete_test_topics", "read_events", "read_records"]


async def read_events(
    bootstrap: str, topic: str, *, at_least: int = 0, timeout_s: float = 30.0, event_type: str | None = None
) -> list[EventMessage]:
    records = await read_records(bootstrap, topic, at_least=at_least, timeout_s=timeout_s)
    wire = wire_cipher()  # the services under test seal PHI fields with the session's keys
    messages = [wire.decode(r.value) for r in records]  # type: ignore[attr-defined]
    return [m for m in messages if event_type is None or m.envelope.event_type == event_type]
