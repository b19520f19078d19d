"""Fixtures: the clearinghouse in-process on its own prefixed topics, its own database and consumer group."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest_asyncio
from rcm_codesets import PayerType

# The claim builders (tests/clearinghouse_claims.py) and the running helpers (beside the tests).
sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from clearinghouse_claims import SUBMITTED_ON
from rcm_clearinghouse.settings import ClearinghouseSettings
from rcm_platform.testing.isolated import isolated_settings
from rcm_schemas import dlq_topic, topic_for
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.clearinghouse import ClaimAcknowledged, RemittanceReceived

TOPICS = {
    *(topic_for(event.EVENT_TYPE).name for event in (ClaimSubmitted, ClaimAcknowledged, RemittanceReceived)),
    dlq_topic("clearinghouse").name,
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
            **{**QUIET, "clock_start": SUBMITTED_ON, **overrides},
        )

    yield make
