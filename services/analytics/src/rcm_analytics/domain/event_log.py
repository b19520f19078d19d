"""Published events grouped by type, in the order they happened: what every report is computed from.

The analytics service keeps one per tenant (its event store); `rcm demo`'s tracker keeps one of its run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rcm_schemas import TOPICS, EventMessage

EVENT_TOPICS = tuple(topic.name for topic in TOPICS if not topic.name.endswith(".commands"))
"""Every topic of facts (not commands) the pipeline publishes, from the registry."""


@dataclass
class EventLog:
    """Events grouped by type, each type in the order it was published."""

    by_type: dict[str, list[EventMessage]] = field(default_factory=lambda: defaultdict(list))

    def of(self, event_type: str) -> list[EventMessage]:
        return self.by_type.get(event_type, [])

    def add(self, message: EventMessage) -> None:
        self.by_type[message.envelope.event_type].append(message)

    def messages(self) -> list[EventMessage]:
        return [message for messages in self.by_type.values() for message in messages]

    def count(self, event_type: str) -> int:
        return len(self.of(event_type))

    def encounter_by_claim(self) -> dict[str, str]:
        """Claim id -> encounter id, from the events that create a claim (submitted, billed to the patient, or held
        by the scrubber)."""
        return {
            m.payload.claim_id: m.payload.encounter_id  # type: ignore[attr-defined]
            for event_type in ("ClaimSubmitted", "SelfPayClaimBilled", "ClaimHeld")
            for m in self.of(event_type)
        }
