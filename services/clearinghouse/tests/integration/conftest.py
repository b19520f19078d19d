"""Fixtures: the clearinghouse in-process on its own prefixed topics, its own database and consumer group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest_asyncio
from rcm_codesets import PayerType

sys.path.insert(0, str(Path(__file__).parent))  # the claim builders live beside the tests

from clearinghouse_claims import CLOCK_START
from rcm_clearinghouse.settings import ClearinghouseSettings
from rcm_platform.testing.isolated import isolated_settings

TOPICS = {
    "rcm.claims.events",
    "rcm.clearinghouse.events",
    "rcm.clearinghouse.remittances",
    "rcm.dlq.clearinghouse",
}
# No rate-drawn denials and no PLB unless a test asks: only real claim defects deny.
QUIET: dict[str, Any] = {"denial_rates": {t: Decimal("0") for t in PayerType}, "provider_adjustment_rate": 0}


@pytest_asyncio.fixture
async def settings_for(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str
) -> AsyncIterator[Callable[..., Any]]:
    """Settings of one isolated clearinghouse; call it again with another name for a second world."""

    async def make(name: str = "a", **overrides: Any) -> ClearinghouseSettings:
        return await isolated_settings(
            ClearinghouseSettings,
            kafka_bootstrap=kafka_bootstrap,
            mongo_uri=mongo_uri,
            name=f"{unique_name}{name}",
            topics=TOPICS,
            **{**QUIET, "clock_start": CLOCK_START, **overrides},
        )

    yield make
