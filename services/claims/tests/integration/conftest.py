"""Fixtures of the claims integration tests: the claims service in-process on its own prefixed topics and
database, on the real Kafka and FerretDB."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))  # the scenario helpers live beside the tests
sys.path.insert(0, str(Path(__file__).parents[1]))  # the encounter builders are shared with the unit tests

from rcm_claims.app import build_app
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.isolated import isolated_settings, started

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
    return await isolated_settings(
        ClaimsSettings,
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        name=unique_name,
        topics=CLAIMS_TOPICS,
        synthetic_reference_data=True,  # the scenarios rely on the synthetic NCCI/MUE/chargemaster samples
    )


@pytest_asyncio.fixture
async def claims_service(claims_settings: ClaimsSettings) -> AsyncIterator[Service]:
    async with started(build_app(claims_settings)) as service:
        yield service
