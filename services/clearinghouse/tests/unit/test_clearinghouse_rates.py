"""Scenario rates and determinism: denial share over many claims, identical bytes for one seed."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from rcm_clearinghouse.domain.adjudication import adjudicate_claim
from rcm_clearinghouse.domain.scenario import DenialCause, Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.payer_simulation import PayerSimulator
from rcm_clearinghouse.settings import ClearinghouseSettings
from rcm_codesets import PayerType, payer
from rcm_x12 import Claim

DOS = date(2025, 3, 4)
RECEIVED = date(2025, 3, 10)
CLAIMS = 2000


def test_denial_rate_matches_the_scenario_over_2000_claims(claim_factory: Callable[..., Claim]) -> None:
    northwind = payer("NWHP1", DOS)
    assert northwind is not None
    scenario = Scenario(seed=7)
    rate = float(scenario.denial_rates[PayerType.COMMERCIAL])
    decided = [adjudicate_claim(claim_factory(f"C{n}"), northwind, RECEIVED, scenario) for n in range(CLAIMS)]
    denied = sum(1 for item in decided if item.denied)
    # Four standard deviations of a binomial proportion: fails by chance about once in 15,000 seeds.
    tolerance = 4 * math.sqrt(rate * (1 - rate) / CLAIMS)
    assert abs(denied / CLAIMS - rate) < tolerance
    causes = Counter(cause for item in decided for cause in item.denial_causes)
    assert causes.most_common(1)[0][0] in {DenialCause.COVERAGE_TERMINATED, DenialCause.MISSING_INFORMATION}


def test_scenario_rates_override_per_payer(claim_factory: Callable[..., Claim]) -> None:
    northwind = payer("NWHP1", DOS)
    assert northwind is not None
    scenario = Scenario(payer_denial_rates={"NWHP1": Decimal("1")})
    assert all(
        adjudicate_claim(claim_factory(f"D{n}"), northwind, RECEIVED, scenario).denied for n in range(50)
    )


def test_a_settings_cause_mix_makes_a_payer_deny_every_claim_for_coverage_ended(
    claim_factory: Callable[..., Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RCM_CLEARINGHOUSE_PAYER_DENIAL_RATES", '{"NWHP1": "1"}')
    monkeypatch.setenv("RCM_CLEARINGHOUSE_CAUSE_MIX", '{"coverage_terminated": "1"}')
    scenario = ClearinghouseSettings().scenario()
    northwind = payer("NWHP1", DOS)
    assert northwind is not None
    decided = [adjudicate_claim(claim_factory(f"E{n}"), northwind, RECEIVED, scenario) for n in range(50)]
    assert {cause for item in decided for cause in item.denial_causes} == {DenialCause.COVERAGE_TERMINATED}
    monkeypatch.delenv("RCM_CLEARINGHOUSE_CAUSE_MIX")
    assert ClearinghouseSettings().scenario().cause_mix == Scenario().cause_mix  # unset: the default mix


def _run(order: list[Claim], seed: int, file_factory: Callable[..., str]) -> list[str]:
    simulator = PayerSimulator(
        Scenario(seed=seed, provider_adjustment_rate=Decimal("0.5")), SimulatedClock(RECEIVED)
    )
    for index, claim in enumerate(order):
        simulator.submit(file_factory([claim], 500 + index))
    return [document.x12_835 for document in simulator.advance(90)]


def test_same_seed_same_claims_same_835_bytes_in_any_order(
    claim_factory: Callable[..., Claim], file_factory: Callable[..., str]
) -> None:
    claims = [claim_factory(f"E{n}", payer_id) for n in range(40) for payer_id in ("NWHP1", "MCR01", "TSMA1")]
    first = _run(claims, 11, file_factory)
    again = _run(claims, 11, file_factory)
    reversed_order = _run(list(reversed(claims)), 11, file_factory)
    assert first and first == again == reversed_order
    assert _run(claims, 12, file_factory) != first
