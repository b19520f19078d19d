"""Fixtures: the remittance service in-process on its own prefixed topics, database and consumer group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))  # remittance_scenarios lives beside the tests

from rcm_platform import Service
from rcm_platform.testing.isolated import isolated_settings, started
from rcm_platform.testing.phi_guard import remember_phi
from rcm_remittance.app import build_app
from rcm_remittance.settings import RemittanceSettings

TOPICS = {
    "rcm.claims.events",
    "rcm.clearinghouse.remittances",
    "rcm.remittance.events",
    "rcm.remittance.commands",
    "rcm.denials.events",
    "rcm.dlq.remittance",
}


@pytest_asyncio.fixture
async def remittance_settings(kafka_bootstrap: str, mongo_uri: str, unique_name: str) -> RemittanceSettings:
    # The patient of every 835 built by rcm_remittance.samples: it must never reach a log line.
    remember_phi("JANE", "W123456789")
    return await isolated_settings(
        RemittanceSettings,
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        name=unique_name,
        topics=TOPICS,
        max_attempts=2,
    )


@pytest_asyncio.fixture
async def remittance_service(remittance_settings: RemittanceSettings) -> AsyncIterator[Service]:
    async with started(build_app(remittance_settings)) as service:
        yield service
