"""Patients billed on the real stack after a real run: a dunning scenario (statement, second notice, final notice,
collections, then a payment that stops the notices) and a payment-plan scenario (agreed, an instalment paid, the
next one billed, a missed one putting the plan in default and the account back to dunning).

Statement dates are set ahead (a cycle may be dated up to a year ahead): the patients' shares arose today, when the
run's 835s were posted, so a cycle dated 35 days ahead is 35 days after the share.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_UP, Decimal
from typing import Any

import httpx
import pytest
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.phi_guard import remember_phi
from rcm_remittance.domain.payment_plans import add_months
from rcmctl.workload.run import WorkloadResult, run_workload

pytestmark = pytest.mark.stack


async def _patients_who_owe(
    result: WorkloadResult, client: httpx.AsyncClient, wanted: int
) -> list[tuple[str, str]]:
    """(tenant, patient id) of patients whose statement bills at least $10 today."""
    assert result.tracker is not None
    seen: set[tuple[str, str]] = set()
    owing: list[tuple[str, str]] = []
    for message in result.tracker.events.of("ClaimSubmitted") + result.tracker.events.of(
        "SelfPayClaimBilled"
    ):
        key = (message.envelope.tenant_id, message.payload.patient_id)  # type: ignore[attr-defined]
        if key in seen:
            continue
        seen.add(key)
        statement = await client.get(f"/patients/{key[1]}/statement", headers=headers_for_tenant(key[0]))
        if statement.status_code == 200 and Decimal(statement.json()["total_due"]) >= 10:
            owing.append(key)
        if len(owing) == wanted:
            return owing
    raise AssertionError(f"the run left {len(owing)} patients owing $10 or more; the scenarios need {wanted}")


async def _statement(client: httpx.AsyncClient, tenant: str, patient: str, days_ahead: int) -> dict[str, Any]:
    as_of = (datetime.now(UTC).date() + timedelta(days=days_ahead)).isoformat()
    answer = await client.get(
        f"/patients/{patient}/statement", params={"as_of": as_of}, headers=as_user("front_desk", tenant)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def _cycle(client: httpx.AsyncClient, tenant: str, cycle_id: str, days_ahead: int) -> httpx.Response:
    day = (datetime.now(UTC).date() + timedelta(days=days_ahead)).isoformat()
    return await client.post(
        "/statement-cycles",
        json={"cycle_id": cycle_id, "statement_date": day},
        headers=as_user("biller", tenant),
    )


def _notice_of(cycle: httpx.Response, patient: str) -> str | None:
    return next((s["notice"] for s in cycle.json()["statements"] if s["patient_id"] == patient), None)


async def _pay(client: httpx.AsyncClient, tenant: str, patient: str, amount: str, key: str) -> httpx.Response:
    return await client.post(
        f"/patients/{patient}/payments",
        json={"amount": amount, "method": "card", "reference": f"TXN-{key}"},
        headers={**as_user("front_desk", tenant), "Idempotency-Key": key},
    )


async def test_dunning_and_a_payment_plan_on_a_real_run(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}  # type: ignore[attr-defined]
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=40,
        seed=21,
        today=datetime.now(UTC).date(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=240,
    )
    assert result.settled
    async with httpx.AsyncClient(base_url=urls["remittance"], timeout=30) as client:
        (tenant_a, dunned), (tenant_b, on_plan) = await _patients_who_owe(result, client, 2)

        # Dunning: the same balance, older each month, gets the next notice; at 90 days it goes to collections.
        notices = [(await _statement(client, tenant_a, dunned, days))["notice"] for days in (0, 30, 60, 90)]
        assert notices == ["statement", "second notice", "final notice", "collections"]
        first = await _cycle(client, tenant_a, f"{unique_name}-1", 0)
        again = await _cycle(client, tenant_a, f"{unique_name}-1", 0)
        assert first.status_code == 201 and again.status_code == 200 and again.json() == first.json()
        assert _notice_of(first, dunned) == "statement"
        second = await _cycle(client, tenant_a, f"{unique_name}-2", 35)
        assert _notice_of(second, dunned) == "second notice"
        due = (await _statement(client, tenant_a, dunned, 35))["total_due"]
        assert (await _pay(client, tenant_a, dunned, due, f"{unique_name}-pay-a")).status_code == 201
        third = await _cycle(client, tenant_a, f"{unique_name}-3", 65)
        assert _notice_of(third, dunned) is None  # paid in full: no final notice, no collections
        assert (await _statement(client, tenant_a, dunned, 65))["total_due"] == "0.00"

        # A plan: three instalments from 30 days ahead; the first paid at the desk, the second never.
        total = Decimal((await _statement(client, tenant_b, on_plan, 0))["total_due"])
        instalment = (total / 3).quantize(Decimal("0.01"), ROUND_UP)
        first_due = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
        agreed = await client.post(
            f"/patients/{on_plan}/payment-plans",
            json={
                "plan_id": f"{unique_name}-plan",
                "instalment_amount": str(instalment),
                "first_due_date": first_due,
            },
            headers=as_user("front_desk", tenant_b),
        )
        assert agreed.status_code == 201, agreed.text
        assert (agreed.json()["status"], agreed.json()["total"]) == ("current", f"{total:.2f}")
        assert (
            await _pay(client, tenant_b, on_plan, str(instalment), f"{unique_name}-pay-b")
        ).status_code == 201
        billed = await _statement(client, tenant_b, on_plan, 31)
        assert billed["notice"] == "payment plan"  # not dunned while the plan is kept
        assert (
            billed["payment_plan"]["next_due_date"]
            == add_months(date.fromisoformat(first_due), 1).isoformat()
        )
        assert Decimal(billed["amount_due_now"]) == min(instalment, total - instalment)
        # The second instalment is still unpaid 16 days after its due date: past the 15 days' grace.
        late = (
            date.fromisoformat(billed["payment_plan"]["next_due_date"]) - datetime.now(UTC).date()
        ).days + 16
        defaulted = await _statement(client, tenant_b, on_plan, late)
        assert defaulted["payment_plan"]["status"] == "defaulted"
        assert defaulted["notice"] == "final notice"  # dunned again by the share's age (76-78 days)
        assert Decimal(defaulted["amount_due_now"]) == total - instalment
        collections = await _cycle(client, tenant_b, f"{unique_name}-b", 95)
        assert _notice_of(collections, on_plan) == "collections"
