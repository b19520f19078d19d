"""The events of one run, grouped by type: what the run's tracker read from the event topics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rcm_schemas import TOPICS, EventMessage

EVENT_TOPICS = tuple(topic.name for topic in TOPICS if not topic.name.endswith(".commands"))
"""Every topic of facts (not commands) the pipeline publishes, from the registry."""


@dataclass
class RunEvents:
    """Events of one run grouped by type, in topic order."""

    by_type: dict[str, list[EventMessage]] = field(default_factory=lambda: defaultdict(list))

    def of(self, event_type: str) -> list[EventMessage]:
        return self.by_type.get(event_type, [])

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
