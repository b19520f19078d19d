"""Shared fixtures of the claims unit tests: a scrub context on the synthetic NCCI/MUE sample."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from rcm_claims.domain.rule_engine import ScrubContext

SUBMITTED_ON = date(2025, 3, 5)


@pytest.fixture
def context() -> ScrubContext:
    return ScrubContext(submission_date=SUBMITTED_ON, scrubbed_at=datetime(2025, 3, 5, 9, 0, tzinfo=UTC))
