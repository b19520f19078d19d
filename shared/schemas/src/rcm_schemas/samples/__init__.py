"""One realistic, synthetic sample of every registered event class and version (no real person's data).

Used to write the golden files, and handy in other packages' tests. Pure: builds objects, writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from rcm_schemas.envelope import Event, EventMessage, new_message
from rcm_schemas.registry import all_event_classes
from rcm_schemas.samples.back import back_samples
from rcm_schemas.samples.front import front_samples
from rcm_schemas.samples.parts import TENANT


def sample_events() -> list[Event]:
    """One instance per registered class (all versions), in registry order."""
    samples = front_samples() + back_samples()
    order = {cls: index for index, cls in enumerate(all_event_classes())}
    return sorted(samples, key=lambda event: order[type(event)])


def sample_messages() -> list[EventMessage]:
    """The samples in envelopes with fixed ids and times, so regenerated golden files are byte-stable."""
    return [
        new_message(
            event,
            producer="samples",
            tenant_id=TENANT,
            event_id=UUID(int=index + 1),
            correlation_id=UUID(int=1000),
            occurred_at=datetime(2025, 3, 12, 9, 0, tzinfo=UTC),
        )
        for index, event in enumerate(sample_events())
    ]
