"""Refunds of credit balances, the clinic's small-balance write-off, statement dates and the billing policy, on
worked examples through the routes: each balance stays the sum of its entries, and a retry books nothing twice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_schemas.events import ClaimAccountPosted

TENANT = "clinic-a"
D = Decimal


async def test_an_overpayment_becomes_a_credit_that_is_refunded_once_and_never_beyond_it(
    wired: InMemoryService, world: Any
) -> None:
    await world.patient_with_share("pat-r", "CR1", "20.00", TENANT)
    headers = headers_for_tenant(TENANT)
    refund = {"to": "patient", "amount": "5.00", "method": "check", "reference": "CHK 1001"}
    async with wired.http() as http:
        await http.post(
            "/patients/pat-r/payments",
            json={"amount": "25.00", "method": "cash", "reference": "R1"},
            headers=headers,
        )
        credit = (await http.get("/claims/CR1/balance", headers=headers)).json()
        too_much = await http.post("/claims/CR1/refunds", json={**refund, "amount": "5.01"}, headers=headers)
        to_payer = await http.post(
            "/claims/CR1/refunds", json={**refund, "to": "payer"}, headers=headers
        )  # the payer paid 80.00 of 80.00 owed: no payer credit
        keyed = {**headers, "Idempotency-Key": "refund-1"}
        first = await http.post("/claims/CR1/refunds", json=refund, headers=keyed)
        retry = await http.post("/claims/CR1/refunds", json=refund, headers=keyed)
        after = (await http.get("/claims/CR1/balance", headers=headers)).json()
        card = await http.post(
            "/claims/CR1/refunds", json={**refund, "reference": "4111 1111 1111 1111"}, headers=headers
        )
        unknown = await http.post("/claims/NOPE/refunds", json=refund, headers=headers)
        front_desk = await http.post(
            "/claims/CR1/refunds", json=refund, headers=as_user("front_desk", TENANT)
        )
    # 20.00 owed, 25.00 paid: a 5.00 credit, shown as such, never a silent negative
    assert (credit["status"], credit["patient_balance"]) == ("credit", "-5.00")
    assert too_much.status_code == 422 and too_much.json()["detail"][0]["loc"] == ["body", "amount"]
    assert to_payer.status_code == 422
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.json() == first.json() and first.json()["amount"] == "5.00"
    # transferred 20.00 - paid 25.00 + refunded 5.00 = 0.00: settled, and the refund is booked once
    assert (after["patient_balance"], after["refunds_to_patient"], after["status"]) == (
        "0.00",
        "5.00",
        "settled",
    )
    assert card.status_code == 422 and "4111" not in card.text
    assert unknown.status_code == 404 and front_desk.status_code == 403
    refunds = [e for e in world.events(ClaimAccountPosted) if e.entry_kind == "refund"]
    assert [(e.claim_id, e.side, e.amount) for e in refunds] == [
        ("CR1", "patient", D("5.00"))
    ] * 2  # republished


async def test_a_cycle_writes_off_small_balances_by_the_clinics_policy_once(
    wired: InMemoryService, world: Any
) -> None:
    await world.patient_with_share("pat-s", "CS1", "3.50", TENANT)  # below the 4.00 threshold: written off
    await world.patient_with_share("pat-t", "CT1", "4.00", TENANT)  # at it: billed (minimum 2.00)
    headers = headers_for_tenant(TENANT)
    policy = {
        "minimum_statement_balance": "2.00",
        "small_balance_write_off_below": "4.00",
        "plan_grace_days": 10,
    }
    async with wired.http() as http:
        by_biller = await http.put(
            f"/tenants/{TENANT}/patient-billing-policy", json=policy, headers=as_user("biller", TENANT)
        )
        by_admin = await http.put(
            f"/tenants/{TENANT}/patient-billing-policy",
            json=policy,
            headers=as_user("admin", TENANT),
        )
        other = await http.get("/tenants/clinic-b/patient-billing-policy", headers=headers)
        first = await http.post("/statement-cycles", json={"cycle_id": "2024-03"}, headers=headers)
        again = await http.post("/statement-cycles", json={"cycle_id": "2024-03"}, headers=headers)
        written_off = (await http.get("/claims/CS1/balance", headers=headers)).json()
        next_cycle = await http.post("/statement-cycles", json={"cycle_id": "2024-04"}, headers=headers)
    assert by_biller.status_code == 403 and by_admin.status_code == 200 and other.status_code == 404
    assert by_admin.json()["small_balance_write_off_below"] == "4.00"
    assert first.status_code == 201 and again.json() == first.json()
    assert first.json()["small_balances_written_off"] == [{"patient_id": "pat-s", "amount": "3.50"}]
    assert [s["patient_id"] for s in first.json()["statements"]] == ["pat-t"]
    # 3.50 moved to the small-balance category: the claim is settled, its books still sum to the cent
    assert (written_off["small_balance_write_offs"], written_off["patient_balance"]) == ("3.50", "0.00")
    assert next_cycle.json()["small_balances_written_off"] == []  # nothing left to write off
    write_offs = [e for e in world.events(ClaimAccountPosted) if e.entry_kind == "small_balance_write_off"]
    assert [(e.claim_id, e.amount) for e in write_offs] == [("CS1", D("3.50"))]


async def test_a_statement_dated_ahead_ages_the_notice_and_a_past_date_is_refused(
    wired: InMemoryService, world: Any
) -> None:
    await world.patient_with_share("pat-d", "CD1", "30.00", TENANT)  # share of 2024-02-01
    headers = headers_for_tenant(TENANT)
    async with wired.http() as http:
        notices = [
            (await http.get("/patients/pat-d/statement", params={"as_of": day}, headers=headers)).json()[
                "notice"
            ]
            for day in ("2024-03-22", "2024-04-01", "2024-05-01")
        ]
        past = await http.get("/patients/pat-d/statement", params={"as_of": "2024-01-01"}, headers=headers)
        cycle_ahead = await http.post(
            "/statement-cycles", json={"cycle_id": "c-june", "statement_date": "2024-06-01"}, headers=headers
        )
        too_far = await http.post(
            "/statement-cycles", json={"cycle_id": "c-far", "statement_date": "2025-06-01"}, headers=headers
        )
    # 50, 60 and 90 days after 2024-02-01
    assert notices == ["second notice", "final notice", "collections"]
    assert past.status_code == 422 and past.json()["detail"][0]["loc"] == ["query", "as_of"]
    assert cycle_ahead.json()["statement_date"] == "2024-06-01"
    assert cycle_ahead.json()["statements"][0]["notice"] == "collections"
    assert too_far.status_code == 422
