"""The registration service in-process on the real stack: its own prefixed topics, database and group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parents[1]))  # the front-desk helper, shared with the unit tests

from rcm_platform import Service
from rcm_platform.testing.isolated import isolated_settings, started
from rcm_registration.app import build_app
from rcm_registration.settings import RegistrationSettings

REGISTRATION_TOPICS = {"rcm.registration.events", "rcm.registration.commands", "rcm.dlq.registration"}


@pytest_asyncio.fixture
async def registration_settings(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str, mongo_db: Any
) -> RegistrationSettings:
    # mongo_db is the same database (named unique_name): tests read it directly.
    return await isolated_settings(
        RegistrationSettings,
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        name=unique_name,
        topics=REGISTRATION_TOPICS,
    )


@pytest_asyncio.fixture
async def registration(registration_settings: RegistrationSettings) -> AsyncIterator[Service]:
    async with started(build_app(registration_settings)) as service:
        yield service


@pytest_asyncio.fixture
async def client(registration: Service) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=registration.http)
    async with httpx.AsyncClient(transport=transport, base_url="http://registration") as http_client:
        yield http_client
