"""Payment plans on worked examples: the schedule, where a plan stands on a date, the missed-payment rule, and the
routes (agreeing, a retry, a second plan refused, the statement billing the instalment, default resuming dunning)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.domain.payment_plans import PaymentPlan, add_months, standing
from rcm_schemas.events import ClaimAccountPosted

TENANT = "clinic-a"
D = Decimal
AGREED = datetime(2026, 1, 31, 10, 0, tzinfo=UTC)


def _plan(total: str = "250.00", instalment: str = "100.00") -> PaymentPlan:
    return PaymentPlan("P1", "pat-1", D(total), D(instalment), date(2026, 1, 31), AGREED)


def test_the_schedule_is_monthly_and_the_last_instalment_is_what_is_left() -> None:
    # 250.00 in 100.00 instalments from Jan 31: 100 on Jan 31, 100 on Feb 28 (short month), 50 on Mar 31
    assert _plan().schedule() == [
        (date(2026, 1, 31), D("100.00")),
        (date(2026, 2, 28), D("100.00")),
        (date(2026, 3, 31), D("50.00")),
    ]
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_a_plan_is_current_until_an_instalment_is_unpaid_past_the_grace_days() -> None:
    plan = _plan()
    # 100 paid: the Feb 28 instalment is next. On Mar 15 it is 15 days late: still within 15 days' grace.
    on_time = standing(plan, D("100.00"), date(2026, 3, 15), grace_days=15)
    assert (on_time.status, on_time.next_due, on_time.next_amount, on_time.remaining) == (
        "current",
        date(2026, 2, 28),
        D("100.00"),
        D("150.00"),
    )
    # A day later (16 days past due) the plan is in default.
    assert standing(plan, D("100.00"), date(2026, 3, 16), grace_days=15).status == "defaulted"
    # A partial payment leaves the rest of the instalment owed: 130 paid, 70.00 of the second one is next.
    partial = standing(plan, D("130.00"), date(2026, 3, 1), grace_days=15)
    assert (partial.status, partial.next_amount) == ("current", D("70.00"))
    # Everything paid: completed, whatever the date.
    assert standing(plan, D("250.00"), date(2030, 1, 1), grace_days=0).status == "completed"


def test_a_plan_refuses_nothing_due_and_more_than_sixty_instalments() -> None:
    with pytest.raises(ValueError, match="nothing is due"):
        _plan(total="0.00")
    with pytest.raises(ValueError, match="60 monthly instalments"):
        _plan(total="610.00", instalment="10.00")


async def test_agreeing_a_plan_bills_the_instalment_and_a_missed_one_resumes_dunning(
    wired: InMemoryService, world: Any
) -> None:
    await world.patient_with_share("pat-p", "CP1", "90.00", TENANT)  # 90.00 owed since 2024-02-01
    headers = headers_for_tenant(TENANT)
    terms = {"plan_id": "plan-1", "instalment_amount": "30.00", "first_due_date": "2024-04-01"}
    async with wired.http() as http:
        agreed = await http.post("/patients/pat-p/payment-plans", json=terms, headers=headers)
        retry = await http.post("/patients/pat-p/payment-plans", json=terms, headers=headers)
        second = await http.post(
            "/patients/pat-p/payment-plans", json={**terms, "plan_id": "plan-2"}, headers=headers
        )
        on_plan = await http.get("/patients/pat-p/statement", params={"as_of": "2024-04-01"}, headers=headers)
        paid = await http.post(
            "/patients/pat-p/payments",
            json={"amount": "30.00", "method": "card", "reference": "TXN-1"},
            headers=headers,
        )
        after_first = await http.get(
            "/patients/pat-p/payment-plan", params={"as_of": "2024-04-20"}, headers=headers
        )
        # The May 1 instalment is never paid: on May 17 (16 days late) the plan is in default.
        world.now = datetime(2024, 5, 17, 9, 0, tzinfo=UTC)
        defaulted = await http.get("/patients/pat-p/statement", headers=headers)
        cycle = await http.post("/statement-cycles", json={"cycle_id": "2024-05"}, headers=headers)

    assert agreed.status_code == 201 and retry.status_code == 200 and retry.json() == agreed.json()
    assert agreed.json() | {} == {
        "plan_id": "plan-1", "status": "current", "total": "90.00", "instalment_amount": "30.00",
        "first_due_date": "2024-04-01", "paid": "0.00", "remaining": "90.00", "next_due_date": "2024-04-01",
        "next_amount": "30.00",
    }  # fmt: skip
    assert second.status_code == 409  # one plan in good standing at a time
    # On a current plan the statement asks for the instalment, not the 90.00, and does not dun.
    statement = on_plan.json()
    assert (statement["notice"], statement["total_due"], statement["amount_due_now"]) == (
        "payment plan",
        "90.00",
        "30.00",
    )
    assert statement["payment_plan"]["status"] == "current"
    assert paid.status_code == 201 and world.events(ClaimAccountPosted)[-1].amount == D("30.00")
    assert (after_first.json()["paid"], after_first.json()["next_due_date"]) == ("30.00", "2024-05-01")
    # Default: the account is dunned again by the age of the share (2024-02-01 -> 106 days: collections)
    assert defaulted.json()["payment_plan"]["status"] == "defaulted"
    assert (defaulted.json()["notice"], defaulted.json()["amount_due_now"]) == ("collections", "60.00")
    assert cycle.json()["statements"] == [
        {"patient_id": "pat-p", "total_due": "60.00", "amount_due_now": "60.00", "notice": "collections"}
    ]


async def test_a_plan_is_refused_for_nothing_owed_a_late_first_instalment_and_an_unknown_patient(
    wired: InMemoryService, world: Any
) -> None:
    await world.patient_with_share("pat-q", "CQ1", "40.00", TENANT)
    headers = headers_for_tenant(TENANT)
    late = (world.now + timedelta(days=63)).date().isoformat()
    async with wired.http() as http:
        too_late = await http.post(
            "/patients/pat-q/payment-plans",
            json={"plan_id": "p", "instalment_amount": "10.00", "first_due_date": late},
            headers=headers,
        )
        await http.post(
            "/patients/pat-q/payments",
            json={"amount": "40.00", "method": "cash", "reference": "R"},
            headers=headers,
        )
        nothing_due = await http.post(
            "/patients/pat-q/payment-plans",
            json={"plan_id": "p", "instalment_amount": "10.00", "first_due_date": "2024-04-01"},
            headers=headers,
        )
        unknown = await http.post(
            "/patients/nobody/payment-plans",
            json={"plan_id": "p", "instalment_amount": "10.00", "first_due_date": "2024-04-01"},
            headers=headers,
        )
        other_tenant = await http.get("/patients/pat-q/payment-plan", headers=headers_for_tenant("clinic-b"))
    assert too_late.status_code == 422 and too_late.json()["detail"][0]["loc"] == ["body", "first_due_date"]
    assert nothing_due.status_code == 422 and nothing_due.json()["detail"][0]["loc"] == ["path", "patient_id"]
    assert unknown.status_code == 404 and other_tenant.status_code == 404
