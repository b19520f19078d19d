"""Everything the pipeline published for a set of tenants, read back from the event topics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rcm_platform.testing.kafka_reading import read_records
from rcm_schemas import EventMessage, decode

EVENT_TOPICS = (
    "rcm.registration.events",
    "rcm.coding.events",
    "rcm.claims.events",
    "rcm.clearinghouse.events",
    "rcm.clearinghouse.remittances",
    "rcm.remittance.events",
    "rcm.denials.events",
)


@dataclass
class RunEvents:
    """Events of one run grouped by type, in topic order."""

    by_type: dict[str, list[EventMessage]] = field(default_factory=lambda: defaultdict(list))

    def of(self, event_type: str) -> list[EventMessage]:
        return self.by_type.get(event_type, [])

    def count(self, event_type: str) -> int:
        return len(self.of(event_type))

    def encounter_by_claim(self) -> dict[str, str]:
        """Claim id -> encounter id, from the events that create a claim (submitted or held by the scrubber)."""
        return {
            m.payload.claim_id: m.payload.encounter_id  # type: ignore[attr-defined]
            for event_type in ("ClaimSubmitted", "ClaimHeld")
            for m in self.of(event_type)
        }


async def collect_events(bootstrap: str, tenants: set[str], *, topic_prefix: str = "") -> RunEvents:
    events = RunEvents()
    for topic in EVENT_TOPICS:
        for record in await read_records(bootstrap, topic_prefix + topic, timeout_s=5):
            message = decode(record.value)  # type: ignore[attr-defined]
            if message.envelope.tenant_id in tenants:
                events.by_type[message.envelope.event_type].append(message)
    return events
