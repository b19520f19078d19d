"""Running the clearinghouse in a test: start, send ClaimSubmitted, read outputs, call its HTTP routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from clearinghouse_claims import TENANT, wire
from rcm_clearinghouse.app import build_app
from rcm_clearinghouse.settings import ClearinghouseSettings
from rcm_platform import Service
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.kafka_reading import read_events
from rcm_platform.testing.waiting import wait_for
from rcm_schemas import EventMessage, topic_for
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.clearinghouse import ClaimAcknowledged, RemittanceReceived


@asynccontextmanager
async def running(settings: ClearinghouseSettings) -> AsyncIterator[Service]:
    service = build_app(settings)
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


async def submit(service: Service, event: ClaimSubmitted, raw: bytes | None = None) -> None:
    await service.publisher.send_raw(
        service.settings.topic(topic_for(ClaimSubmitted.EVENT_TYPE).name),
        raw or wire(event),
        key=event.claim_id.encode(),
        headers={},
    )


async def acks(settings: ClearinghouseSettings, at_least: int) -> list[EventMessage]:
    return await read_events(
        settings.kafka_bootstrap,
        settings.topic(topic_for(ClaimAcknowledged.EVENT_TYPE).name),
        at_least=at_least,
    )


async def remittances(
    settings: ClearinghouseSettings, at_least: int, timeout_s: float = 30.0
) -> list[EventMessage]:
    return await read_events(
        settings.kafka_bootstrap,
        settings.topic(topic_for(RemittanceReceived.EVENT_TYPE).name),
        at_least=at_least,
        timeout_s=timeout_s,
    )


async def http(service: Service, method: str, path: str, **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=service.http)
    async with httpx.AsyncClient(transport=transport, base_url="http://clearinghouse") as client:
        return await client.request(method, path, headers=headers_for_tenant(TENANT), **kwargs)


async def submission_of(service: Service, claim_id: str) -> dict[str, Any] | None:
    response = await http(service, "GET", f"/submissions/{claim_id}")
    return response.json() if response.status_code == 200 else None


async def handled(service: Service, *claim_ids: str) -> None:
    """Wait until the clearinghouse has recorded an acknowledgment for every claim."""

    async def all_recorded() -> bool:
        found = [await submission_of(service, claim_id) for claim_id in claim_ids]
        return all(f is not None and f["acknowledgments"] for f in found)

    await wait_for(all_recorded, what="an acknowledgment recorded for every claim")
