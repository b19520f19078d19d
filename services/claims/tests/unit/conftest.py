"""Shared fixtures of the claims unit tests: a scrub context on the synthetic NCCI/MUE sample."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

# The encounter builders (tests/claims_builders.py) and the in-memory fakes (claims_fakes.py: a module name of
# its own, so it cannot clash with another service's fakes in one pytest run).
sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.rules_data import sample_mue_table, sample_ptp_table

SUBMITTED_ON = date(2025, 3, 5)


@pytest.fixture
def context() -> ScrubContext:
    return ScrubContext(
        submission_date=SUBMITTED_ON,
        scrubbed_at=datetime(2025, 3, 5, 9, 0, tzinfo=UTC),
        ptp=sample_ptp_table(),
        mue=sample_mue_table(),
    )
