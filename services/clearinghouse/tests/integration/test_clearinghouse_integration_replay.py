"""Exactly-once and determinism on the real stack: redelivered submissions, seeded worlds, the ticker."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from clearinghouse_claims import build_claim, claim_submitted, wire
from clearinghouse_running import acks, handled, http, remittances, running, submission_of, submit
from rcm_platform.testing.waiting import wait_for
from rcm_x12 import read_835, verify_balance

pytestmark = pytest.mark.stack


async def test_the_same_claim_submitted_twice_is_acknowledged_and_adjudicated_once(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for()
    event = claim_submitted(build_claim("CLM-TWICE"), 401)
    raw = wire(event)
    async with running(settings) as service:
        await submit(service, event, raw)
        await submit(service, event, raw)
        await submit(service, claim_submitted(build_claim("CLM-TWICE-END"), 402))
        await handled(service, "CLM-TWICE", "CLM-TWICE-END")
        await asyncio.sleep(1.0)  # let a second delivery of the duplicate be handled, if any
        view = await submission_of(service, "CLM-TWICE")
        released = (await http(service, "POST", "/simulator/advance", json={"days": 90})).json()["released"]
        events = await acks(settings, at_least=2)
        paid = await remittances(settings, at_least=1)
    assert [e.payload.claim_id for e in events].count("CLM-TWICE") == 1  # type: ignore[attr-defined]
    assert view is not None and len(view["acknowledgments"]) == 1 and len(view["adjudications"]) == 1
    clp_ids = [c.claim_id for e in paid for c in read_835(e.payload.x12_835)[0].claims]  # type: ignore[attr-defined]
    assert clp_ids.count("CLM-TWICE") == 1 and len(released) == len(paid)


async def test_a_claim_sent_again_as_an_original_is_denied_as_a_duplicate(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for()
    claim = build_claim("CLM-AGAIN")
    async with running(settings) as service:
        await submit(service, claim_submitted(claim, 501))
        await handled(service, "CLM-AGAIN")
        await submit(service, claim_submitted(claim, 502))  # a new ClaimSubmitted (new event id), same claim

        async def two_adjudications() -> bool:
            view = await submission_of(service, "CLM-AGAIN")
            return view is not None and len(view["adjudications"]) == 2

        await wait_for(two_adjudications)
        view = await submission_of(service, "CLM-AGAIN")
    assert view is not None
    first, second = view["adjudications"]
    assert not first["duplicate"] and second["duplicate"] and second["adjustment_codes"] == ["CO-18"]
    assert len(await acks(settings, at_least=2)) == 2


async def test_two_worlds_with_one_seed_produce_identical_835s(settings_for: Callable[..., Any]) -> None:
    busy: dict[str, Any] = {
        "scenario_seed": 7,
        "payer_denial_rates": {"NWHP1": "0.5", "MCR01": "0.5"},
        "provider_adjustment_rate": Decimal("0.5"),
    }
    claims = [
        build_claim(f"CLM-SEED-{payer_id}-{n}", payer_id) for n in range(8) for payer_id in ("NWHP1", "MCR01")
    ]
    outputs = []
    for world in ("a", "b"):
        settings = await settings_for(world, **busy)
        async with running(settings) as service:
            for number, claim in enumerate(claims, start=600):
                await submit(service, claim_submitted(claim, number))
            await handled(service, *(c.claim_id for c in claims))
            advanced = await http(service, "POST", "/simulator/advance", json={"days": 120})
            released = advanced.json()["released"]
            events = await remittances(settings, at_least=len(released))
        outputs.append(sorted((e.payload.trace_number, e.payload.x12_835) for e in events))  # type: ignore[attr-defined]
    first, second = outputs
    diff = [
        (a[0], b[0], [(x, y) for x, y in zip(a[1].split("~"), b[1].split("~"), strict=False) if x != y])
        for a, b in zip(first, second, strict=False)
        if a != b
    ]
    assert len(first) >= 2 and first == second, (len(first), len(second), diff[:3])
    statuses = {c.status for _, text in first for c in read_835(text)[0].claims}
    assert "4" in statuses or any("*CO*" in text and "CLP" in text for _, text in first)


async def test_the_ticker_releases_remittances_without_anyone_advancing_the_clock(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for(tick_seconds=0.3, days_per_tick=30)
    async with running(settings) as service:
        await submit(service, claim_submitted(build_claim("CLM-TICK"), 701))
        await handled(service, "CLM-TICK")
        (remittance,) = await remittances(settings, at_least=1, timeout_s=30)
        clock = (await http(service, "GET", "/simulator/clock")).json()["today"]
    assert clock > "2025-03-10"
    assert [c.claim_id for c in read_835(remittance.payload.x12_835)[0].claims] == ["CLM-TICK"]  # type: ignore[attr-defined]


async def test_a_replacement_of_a_paid_claim_reverses_the_first_payment_in_its_835(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for()
    original = build_claim("CLM-FIX")
    async with running(settings) as service:
        await submit(service, claim_submitted(original, 801))
        await handled(service, "CLM-FIX")
        await http(service, "POST", "/simulator/advance", json={"days": 60})
        (first,) = await remittances(settings, at_least=1)
        (paid,) = read_835(first.payload.x12_835)[0].claims  # type: ignore[attr-defined]
        corrected = replace(original, frequency_code="7", original_claim_number=paid.payer_claim_number)
        await submit(service, claim_submitted(corrected, 802).model_copy(update={"frequency_code": "7"}))

        async def replacement_recorded() -> bool:
            view = await submission_of(service, "CLM-FIX")
            return view is not None and len(view["adjudications"]) == 2

        await wait_for(replacement_recorded)
        await http(service, "POST", "/simulator/advance", json={"days": 60})
        events = await remittances(settings, at_least=2)
    second = next(e for e in events if e.payload.trace_number != first.payload.trace_number)  # type: ignore[attr-defined]
    (remittance,) = read_835(second.payload.x12_835)  # type: ignore[attr-defined]
    assert [c.status for c in remittance.claims] == ["22", "1"]
    assert remittance.claims[0].paid == -paid.paid and verify_balance(remittance)
