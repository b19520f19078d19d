"""Fixtures for the kit's guarantees: a probe service on its own prefixed topics and its own database."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))  # the probe service module lives beside the tests

from probe_service import ProbeSettings
from rcm_platform.kafka_access import tool_access
from rcm_platform.testing.kafka_reading import create_registry_topics


@pytest_asyncio.fixture
async def probe_settings(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str
) -> AsyncIterator[ProbeSettings]:
    prefix = f"{unique_name}."
    await create_registry_topics(
        kafka_bootstrap,
        prefix,
        only={"rcm.denials.commands", "rcm.denials.events", "rcm.dlq.denials", "rcm.remittance.events"},
    )
    yield ProbeSettings(
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        mongo_database=unique_name,
        topic_prefix=prefix,
        consumer_group=f"{prefix}denials",
        retry_base_delay_s=0.05,
        **tool_access(kafka_bootstrap).settings_values(),
    )


@pytest.fixture
def probe_env(probe_settings: ProbeSettings) -> dict[str, str]:
    """The same settings as environment variables, for the probe run as a process."""
    s = probe_settings
    values: dict[str, Any] = {
        "KAFKA_BOOTSTRAP": s.kafka_bootstrap,
        "MONGO_URI": s.mongo_uri,
        "MONGO_DATABASE": s.mongo_database,
        "TOPIC_PREFIX": s.topic_prefix,
        "CONSUMER_GROUP": s.consumer_group,
        "RETRY_BASE_DELAY_S": s.retry_base_delay_s,
    }
    return {f"RCM_PROBE_{k}": str(v) for k, v in values.items()} | s.kafka_access.env("RCM_PROBE_")
