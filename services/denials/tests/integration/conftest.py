"""The denials service in-process on its own prefixed topics, its own database and consumer group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio
from pymongo import AsyncMongoClient
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import create_registry_topics

sys.path.insert(0, str(Path(__file__).parent))  # the scenario builders live beside the tests

from rcm_denials.app import build_app
from rcm_denials.settings import DenialsSettings

DENIALS_TOPICS = {
    "rcm.remittance.events",
    "rcm.clearinghouse.events",
    "rcm.claims.events",
    "rcm.denials.commands",
    "rcm.denials.events",
    "rcm.dlq.denials",
}


@pytest_asyncio.fixture
async def denials_settings(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str
) -> AsyncIterator[DenialsSettings]:
    prefix = f"{unique_name}."
    await create_registry_topics(kafka_bootstrap, prefix, only=DENIALS_TOPICS)
    yield DenialsSettings(
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        mongo_database=unique_name,
        topic_prefix=prefix,
        consumer_group=f"{prefix}denials",
        retry_base_delay_s=0.05,
    )
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_uri)
    await client.drop_database(unique_name)
    await client.close()


@pytest_asyncio.fixture
async def denials(denials_settings: DenialsSettings) -> AsyncIterator[Service]:
    service = build_app(denials_settings)
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


@pytest_asyncio.fixture
async def denials_http(denials: Service) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=denials.http)  # no lifespan: the fixture above started the service
    async with httpx.AsyncClient(transport=transport, base_url="http://denials") as client:
        yield client
