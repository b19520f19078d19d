"""End-to-end fixtures: the seven services as processes on the real stack, isolated under a topic prefix."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest_asyncio
from rcm_platform.testing.kafka_reading import create_registry_topics
from rcmctl.processes import ServiceFleet, isolated_env

sys.path.insert(0, str(Path(__file__).parent))  # the scenario helpers (e2e_visits) live beside the tests

FleetFactory = Callable[..., ServiceFleet]


@pytest_asyncio.fixture
async def fleet_factory(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str, test_log_dir: Path
) -> AsyncIterator[FleetFactory]:
    await create_registry_topics(kafka_bootstrap, f"{unique_name}.")
    fleets: list[ServiceFleet] = []

    def make(scale: dict[str, int] | None = None) -> ServiceFleet:
        env = isolated_env(kafka_bootstrap, mongo_uri, unique_name)
        fleet = ServiceFleet(log_dir=test_log_dir / unique_name, env=env, scale=scale or {})
        fleets.append(fleet)
        return fleet

    try:
        yield make
    finally:
        for fleet in fleets:
            fleet.stop()
