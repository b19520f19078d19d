"""The registration service in-process on the real stack: its own prefixed topics, database and group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))  # the front-desk helper module lives beside the tests

from rcm_platform import Service
from rcm_platform.testing.kafka_reading import create_registry_topics
from rcm_registration.app import build_app
from rcm_registration.settings import RegistrationSettings

REGISTRATION_TOPICS = {"rcm.registration.events", "rcm.registration.commands", "rcm.dlq.registration"}


@pytest_asyncio.fixture
async def registration_settings(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str, mongo_db: Any
) -> RegistrationSettings:
    # mongo_db is the same database (named unique_name); requesting it drops the database after the test.
    prefix = f"{unique_name}."
    await create_registry_topics(kafka_bootstrap, prefix, only=REGISTRATION_TOPICS)
    return RegistrationSettings(
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        mongo_database=unique_name,
        topic_prefix=prefix,
        consumer_group=f"{prefix}registration",
        retry_base_delay_s=0.05,
    )


@pytest_asyncio.fixture
async def registration(registration_settings: RegistrationSettings) -> AsyncIterator[Service]:
    service = build_app(registration_settings)
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


@pytest_asyncio.fixture
async def client(registration: Service) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=registration.http)
    async with httpx.AsyncClient(transport=transport, base_url="http://registration") as http_client:
        yield http_client
