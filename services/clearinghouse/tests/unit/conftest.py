"""Fixtures for clearinghouse unit tests: the shared claim and 837 builders, quiet scenarios, a pyx12 checker."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

# The claim builders (tests/clearinghouse_claims.py) and the in-memory fakes (clearinghouse_fakes.py).
sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from clearinghouse_claims import SUBMITTED_ON, build_837, build_claim, quiet_scenario
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_x12 import Claim, ServiceLine
from rcm_x12.pyx12_validation import pyx12_problems


@pytest.fixture
def claim_factory() -> Callable[..., Claim]:
    return build_claim


@pytest.fixture
def file_factory() -> Callable[..., str]:
    return build_837


@pytest.fixture
def scenario_factory() -> Callable[..., Scenario]:
    return quiet_scenario


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(SUBMITTED_ON)


@pytest.fixture
def pyx12_check() -> Callable[[str], list[str]]:
    return pyx12_problems


@pytest.fixture
def with_lines() -> Callable[..., Claim]:
    """Replace the lines of a claim (keeps the builder's other defaults)."""

    def change(claim: Claim, *lines: ServiceLine) -> Claim:
        return replace(claim, lines=tuple(lines))

    return change
