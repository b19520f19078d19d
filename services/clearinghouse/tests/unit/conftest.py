"""Fixtures for clearinghouse unit tests: claim and 837 builders, quiet scenarios and a pyx12 checker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_codesets import PayerType
from rcm_x12 import (
    Address,
    BillingProvider,
    Claim,
    ClaimTransmission,
    ControlNumbers,
    EnvelopeParties,
    Payer,
    Receiver,
    ServiceLine,
    Submitter,
    Subscriber,
    write_837p,
)
from rcm_x12.pyx12_validation import pyx12_problems

DOS = date(2025, 3, 4)
SUBMITTED_ON = date(2025, 3, 10)
CLINIC = BillingProvider(
    "SPRINGFIELD FAMILY CLINIC",
    "1234567893",
    "371234567",
    Address("200 CLINIC DR", "SPRINGFIELD", "IL", "627045678"),
)
NORTHWIND = Payer("NORTHWIND HEALTH PLAN", "NWHP1")
MEDICARE = Payer("MEDICARE PART B", "MCR01")
MEMBER_IDS = {
    "NWHP1": "NWH123456789",
    "MCR01": "1EG4TE5MK73",
    "TSMA1": "TMA123456789",
    "FBHMO": "FBA12345678",
}


def build_claim(claim_id: str = "CLM1001", payer_id: str = "NWHP1", **overrides: Any) -> Claim:
    """A clean office visit: 99214 plus a venipuncture, POS 11, member id in the payer's format."""
    lines = (
        ServiceLine("99214", Decimal("250.00"), Decimal("1"), DOS, (1,), (), f"{claim_id}-1"),
        ServiceLine("36415", Decimal("20.00"), Decimal("1"), DOS, (1,), (), f"{claim_id}-2"),
    )
    values: dict[str, Any] = dict(
        claim_id=claim_id,
        billing_provider=CLINIC,
        subscriber=Subscriber(
            "DOE",
            "JANE",
            MEMBER_IDS.get(payer_id, "X1"),
            date(1980, 5, 17),
            "F",
            Address("100 MAIN ST", "SPRINGFIELD", "IL", "627011234"),
        ),
        payer=Payer(f"PAYER {payer_id}", payer_id),
        place_of_service="11",
        diagnosis_codes=("I10",),
        lines=lines,
    )
    values.update(overrides)
    return Claim(**values)


def build_837(claims: Sequence[Claim], interchange: int = 101) -> str:
    transmission = ClaimTransmission(
        parties=EnvelopeParties(sender_id="RCMSUBMIT01", receiver_id="RCMCLEARHOUSE"),
        submitter=Submitter("RCM BILLING SERVICES", "RCM0001", "EDI DESK", "2175550100"),
        receiver=Receiver("RCM SIMULATED CLEARINGHOUSE", "RCMCLEARHOUSE"),
        created=datetime(2025, 3, 10, 9, 30),
    )
    return write_837p(transmission, list(claims), ControlNumbers(interchange, interchange, 1))


def quiet_scenario(**overrides: Any) -> Scenario:
    """No rate-drawn denials and no PLB: only real claim defects deny."""
    values: dict[str, Any] = dict(
        denial_rates={payer_type: Decimal("0") for payer_type in PayerType},
        provider_adjustment_rate=Decimal("0"),
    )
    values.update(overrides)
    return Scenario(**values)


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
