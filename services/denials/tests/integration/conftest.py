"""The denials service in-process on its own prefixed topics, its own database and consumer group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio
from rcm_platform import Service
from rcm_platform.testing.isolated import isolated_settings, started

sys.path.insert(0, str(Path(__file__).parent))  # the scenario builders live beside the tests

from rcm_denials.app import build_app
from rcm_denials.settings import DenialsSettings

DENIALS_TOPICS = {
    "rcm.remittance.events",
    "rcm.clearinghouse.events",
    "rcm.claims.events",
    "rcm.registration.events",
    "rcm.denials.commands",
    "rcm.denials.events",
    "rcm.dlq.denials",
}


@pytest_asyncio.fixture
async def denials_settings(kafka_bootstrap: str, mongo_uri: str, unique_name: str) -> DenialsSettings:
    return await isolated_settings(
        DenialsSettings,
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        name=unique_name,
        topics=DENIALS_TOPICS,
    )


@pytest_asyncio.fixture
async def denials(denials_settings: DenialsSettings) -> AsyncIterator[Service]:
    async with started(build_app(denials_settings)) as service:
        yield service


@pytest_asyncio.fixture
async def denials_http(denials: Service) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=denials.http)  # no lifespan: the fixture above started the service
    async with httpx.AsyncClient(transport=transport, base_url="http://denials") as client:
        yield client
