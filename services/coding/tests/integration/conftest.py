"""Fixtures of the coding service's real-stack tests: its own prefixed topics, database and consumer group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))  # the scenario module lives beside the tests

from rcm_coding.settings import CodingSettings
from rcm_platform.testing.isolated import isolated_settings

CODING_TOPICS = {"rcm.registration.events", "rcm.coding.events", "rcm.coding.commands", "rcm.dlq.coding"}
SettingsFactory = Callable[..., CodingSettings]


@pytest_asyncio.fixture
async def coding_settings_for(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str
) -> AsyncIterator[SettingsFactory]:
    """Settings on this test's topics; keyword arguments override (e.g. telehealth_review_payers)."""
    base = await isolated_settings(
        CodingSettings,
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        name=unique_name,
        topics=CODING_TOPICS,
    )

    def make(**overrides: object) -> CodingSettings:
        return CodingSettings(**{**base.model_dump(), **overrides})  # type: ignore[arg-type]

    yield make


@pytest_asyncio.fixture
async def coding_settings(coding_settings_for: SettingsFactory) -> CodingSettings:
    return coding_settings_for()
