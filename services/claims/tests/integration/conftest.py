"""Fixtures of the claims integration tests: the claims service in-process on its own prefixed topics and
database, on the real Kafka and FerretDB."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))  # the scenario helpers live beside the tests

from rcm_claims.app import build_app
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import create_registry_topics

CLAIMS_TOPICS = {
    "rcm.coding.events",
    "rcm.clearinghouse.events",
    "rcm.remittance.events",
    "rcm.denials.events",
    "rcm.claims.events",
    "rcm.claims.commands",
    "rcm.dlq.claims",
}


@pytest_asyncio.fixture
async def claims_settings(kafka_bootstrap: str, mongo_uri: str, unique_name: str) -> ClaimsSettings:
    prefix = f"{unique_name}."
    await create_registry_topics(kafka_bootstrap, prefix, only=CLAIMS_TOPICS)
    return ClaimsSettings(
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        mongo_database=unique_name,
        topic_prefix=prefix,
        consumer_group=f"{prefix}claims",
        retry_base_delay_s=0.05,
    )


@pytest_asyncio.fixture
async def claims_service(claims_settings: ClaimsSettings) -> AsyncIterator[Service]:
    service = build_app(claims_settings)
    await service.start()
    try:
        yield service
    finally:
        await service.mongo.drop_database(claims_settings.database_name)
        await service.stop()
