"""Kafka subscriber: every published fact (not the commands) is stored as it came, for the reports."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas import Event, EventMessage, current_event_classes, topic_for

from rcm_analytics.service.recording import EventRecorder


def reported_event_classes() -> list[type[Event]]:
    """The current class of every event type on a topic of facts: commands are requests, not what happened."""
    return [c for c in current_event_classes() if not topic_for(c.EVENT_TYPE).name.endswith(".commands")]


def reported_topics(topic_prefix: str) -> list[str]:
    return sorted({topic_prefix + topic_for(c.EVENT_TYPE).name for c in reported_event_classes()})


def register_subscribers(service: Service, recorder: EventRecorder) -> None:
    @service.consumer.on(*reported_event_classes())
    async def on_published(event: Event, message: EventMessage) -> None:
        await recorder.record(message)
