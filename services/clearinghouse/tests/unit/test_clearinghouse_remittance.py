"""835 output: batching per payer and payment day, balancing, PLB, and pyx12 validation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.payer_simulation import PayerSimulator
from rcm_x12 import Claim, read_835, verify_balance

RECEIVED = date(2025, 3, 10)


def test_claims_paid_the_same_day_by_one_payer_share_one_835(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
) -> None:
    simulator = PayerSimulator(scenario_factory(), SimulatedClock(RECEIVED))
    claims = [claim_factory(f"B{n}", payer_id) for n in range(30) for payer_id in ("NWHP1", "MCR01")]
    simulator.submit(file_factory(claims))
    expected = {(item.payer_id, item.payment_date) for item in simulator.pending}
    assert len(expected) > 2  # several payment days, so batching is really exercised
    assert simulator.advance(0) == [] and simulator.release_due() == []
    documents = simulator.advance(120)
    assert {(doc.payer_id, doc.payment_date) for doc in documents} == expected
    assert len(documents) == len(expected)  # one 835 (one BPR/TRN) per payer and day
    assert sorted(cid for doc in documents for cid in doc.claim_ids) == sorted(c.claim_id for c in claims)
    assert len({doc.trace_number for doc in documents}) == len(documents)
    for document in documents:
        (remittance,) = read_835(document.x12_835)
        assert verify_balance(remittance)
        assert remittance.trace_number == document.trace_number
        assert remittance.payment_amount == document.payment_amount == sum(c.paid for c in remittance.claims)
        assert remittance.payment_date == document.payment_date
        # The 835 is created on the simulated day it is released, at the payer's cycle time.
        assert f"*{document.payment_date:%y%m%d}*0600*" in document.x12_835


def test_remittances_wait_for_the_simulated_clock(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
) -> None:
    simulator = PayerSimulator(scenario_factory(), SimulatedClock(RECEIVED))
    simulator.submit(file_factory([claim_factory("W1", "MCR01")]))
    due = simulator.pending[0].payment_date
    # Medicare FFS: 14 days plus 0-3 days of batching jitter (§5d).
    assert RECEIVED + timedelta(days=14) <= due <= RECEIVED + timedelta(days=17)
    assert simulator.advance((due - RECEIVED).days - 1) == []
    (document,) = simulator.advance(1)
    assert document.payment_date == due and not simulator.pending


def test_every_generated_835_passes_pyx12(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    pyx12_check: Callable[[str], list[str]],
) -> None:
    # High denial and PLB rates so denials, partial denials, interest and recoveries all appear.
    scenario = Scenario(
        seed=3,
        payer_denial_rates={"NWHP1": Decimal("0.5"), "MCR01": Decimal("0.5")},
        provider_adjustment_rate=Decimal("1"),
    )
    simulator = PayerSimulator(scenario, SimulatedClock(RECEIVED))
    claims = [claim_factory(f"V{n}", payer_id) for n in range(12) for payer_id in ("NWHP1", "MCR01", "FBHMO")]
    telehealth = replace(claim_factory("V-TELE"), place_of_service="10")
    simulator.submit(file_factory([*claims, telehealth]))
    documents = simulator.advance(120)
    texts = [doc.x12_835 for doc in documents]
    assert any("*L6:" in text for text in texts) and any("*WO:" in text for text in texts)
    assert any("CLP*V-TELE*4*" in text for text in texts)
    for document in documents:
        assert pyx12_check(document.x12_835) == [], document.trace_number
        (remittance,) = read_835(document.x12_835)
        plb = sum(i.amount for adj in remittance.provider_adjustments for i in adj.items)
        assert remittance.payment_amount == sum(c.paid for c in remittance.claims) - plb
        assert document.provider_adjustment_total == plb
