"""Running the coding service in-process on the test's topics, feeding it and reading what it published."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from rcm_coding.app import build_app
from rcm_coding.settings import CodingSettings
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_schemas import EventMessage, topic_for
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.events.registration import EncounterRegistered


@asynccontextmanager
async def running_coding(settings: CodingSettings) -> AsyncIterator[Service]:
    service = build_app(settings)
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


async def send(service: Service, settings: CodingSettings, value: bytes, key: str) -> None:
    await service.publisher.send_raw(
        settings.topic(topic_for(EncounterRegistered.EVENT_TYPE).name), value, key=key.encode(), headers={}
    )


async def coding_events(
    settings: CodingSettings, *, at_least: int, timeout_s: float = 60.0
) -> list[EventMessage]:
    return await read_events(
        settings.kafka_bootstrap,
        settings.topic(topic_for(EncounterCoded.EVENT_TYPE).name),
        at_least=at_least,
        timeout_s=timeout_s,
    )


def of_encounter(events: list[EventMessage], encounter_id: str, event_type: str) -> list[EventMessage]:
    return [
        e for e in events if e.envelope.event_type == event_type and e.payload.encounter_id == encounter_id
    ]  # type: ignore[attr-defined]
