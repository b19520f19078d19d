"""Patient payments on the real stack: applied oldest visit first, a retry applied once, another tenant's patient
not found, and the claim accounts (FerretDB) showing the payments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rcm_platform import Service
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from remittance_scenarios import (
    TENANT,
    claim_ledger,
    claim_submitted,
    client,
    deliver_835,
    posted_remittance,
    remittance_events,
    submit_claims,
)

pytestmark = pytest.mark.stack
D = Decimal


async def test_a_patient_pays_at_the_desk_and_the_visits_accounts_show_it(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    older = claim_submitted("CLM-PP1", [("99213", (), "100.00", "P1")])
    newer = claim_submitted("CLM-PP2", [("99214", (), "150.00", "P2")])
    older = older.model_copy(
        update={"patient_id": "pat-pp", "date_of_service": older.date_of_service.replace(day=1)}
    )
    newer = newer.model_copy(
        update={"patient_id": "pat-pp", "date_of_service": older.date_of_service.replace(day=20)}
    )
    await submit_claims(remittance_service, remittance_settings, older, newer)
    paid = (
        clp(
            "CLM-PP1",
            "1",
            (
                svc(
                    "99213",
                    "100.00",
                    "60.00",
                    (cas("CO", "45", "20.00"), cas("PR", "2", "20.00")),
                    control="P1",
                ),
            ),
        ),
        clp(
            "CLM-PP2",
            "1",
            (
                svc(
                    "99214",
                    "150.00",
                    "90.00",
                    (cas("CO", "45", "30.00"), cas("PR", "1", "30.00")),
                    control="P2",
                ),
            ),
        ),
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance(paid, trace="CHK-PP"))
    )
    await posted_remittance(remittance_service, key)

    body = {"amount": "35.00", "method": "check", "reference": "CHECK 1042"}
    headers = {**as_user(Role.front_desk, TENANT), "Idempotency-Key": "desk-pp-1"}
    async with client(remittance_service) as http:
        first = await http.post("/patients/pat-pp/payments", json=body, headers=headers)
        retry = await http.post("/patients/pat-pp/payments", json=body, headers=headers)
        elsewhere = await http.post(
            "/patients/pat-pp/payments", json=body, headers=headers_for_tenant("clinic-b")
        )
    # 35.00: 20.00 clears the older visit, 15.00 goes to the newer one (30.00 owed there)
    assert first.status_code == 201, first.text
    assert first.json()["applied"] == [
        {"claim_id": "CLM-PP1", "amount": "20.00"},
        {"claim_id": "CLM-PP2", "amount": "15.00"},
    ]
    assert retry.status_code == 200 and retry.json() == first.json()
    assert elsewhere.status_code == 404
    older_account = (await claim_ledger(remittance_service, "CLM-PP1"))["balance"]
    newer_account = (await claim_ledger(remittance_service, "CLM-PP2"))["balance"]
    assert (older_account["patient_balance"], older_account["status"]) == ("0.00", "settled")
    assert (newer_account["patient_payments"], newer_account["patient_balance"]) == ("15.00", "15.00")
    assert newer_account["status"] == "patient_due"


async def test_a_statement_cycle_on_the_real_store_bills_what_the_patient_owes_once(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    visit = claim_submitted("CLM-ST1", [("99213", (), "100.00", "S1")]).model_copy(
        update={"patient_id": "pat-st"}
    )
    waiting = claim_submitted("CLM-ST2", [("99214", (), "150.00", "S2")]).model_copy(
        update={"patient_id": "pat-st"}
    )
    await submit_claims(remittance_service, remittance_settings, visit, waiting)
    paid = clp(
        "CLM-ST1",
        "1",
        (svc("99213", "100.00", "60.00", (cas("CO", "45", "15.00"), cas("PR", "2", "25.00")), control="S1"),),
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((paid,), trace="CHK-ST"))
    )
    await posted_remittance(remittance_service, key)

    async with client(remittance_service) as http:
        statement = await http.get("/patients/pat-st/statement")
        pdf = await http.get("/patients/pat-st/statement.pdf")
        cycle = await http.post("/statement-cycles", json={"cycle_id": "st-1", "minimum_balance": "5.00"})
        rerun = await http.post("/statement-cycles", json={"cycle_id": "st-1", "minimum_balance": "5.00"})
    # CLM-ST1: the patient owes 25.00; CLM-ST2 is still with the payer, so it is counted, not billed
    assert statement.status_code == 200, statement.text
    body = statement.json()
    assert (body["total_due"], body["pending_with_insurance"]) == ("25.00", 1)
    assert [line["claim_id"] for line in body["lines"]] == ["CLM-ST1"]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        cycle.status_code == 201
        and {"patient_id": "pat-st", "total_due": "25.00", "amount_due_now": "25.00", "notice": "statement"}
        in cycle.json()["statements"]
    )
    assert rerun.status_code == 200 and rerun.json() == cycle.json()


async def test_refunds_and_small_balance_write_offs_on_the_real_store_reach_the_books_and_kafka(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    overpaid = claim_submitted("CLM-RF1", [("99213", (), "100.00", "R1")]).model_copy(
        update={"patient_id": "pat-rf"}
    )
    small = claim_submitted("CLM-SB1", [("99213", (), "100.00", "B1")]).model_copy(
        update={"patient_id": "pat-sb"}
    )
    await submit_claims(remittance_service, remittance_settings, overpaid, small)
    adjudicated = (
        clp("CLM-RF1", "1", (svc("99213", "100.00", "80.00", (cas("PR", "2", "20.00"),), control="R1"),)),
        clp("CLM-SB1", "1", (svc("99213", "100.00", "97.00", (cas("PR", "2", "3.00"),), control="B1"),)),
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance(adjudicated, trace="CHK-RF"))
    )
    await posted_remittance(remittance_service, key)

    policy = {
        "minimum_statement_balance": "5.00",
        "small_balance_write_off_below": "5.00",
        "plan_grace_days": 15,
    }
    refund = {"to": "patient", "amount": "5.00", "method": "check", "reference": "CHK 2001"}
    async with client(remittance_service) as http:
        put = await http.put(
            f"/tenants/{TENANT}/patient-billing-policy", json=policy, headers=as_user(Role.admin, TENANT)
        )
        read = await http.get(f"/tenants/{TENANT}/patient-billing-policy")
        await http.post(
            "/patients/pat-rf/payments",
            json={"amount": "25.00", "method": "card", "reference": "TXN-RF"},
            headers={"Idempotency-Key": "rf-pay"},
        )
        too_much = await http.post("/claims/CLM-RF1/refunds", json={**refund, "amount": "6.00"})
        refunded = await http.post(
            "/claims/CLM-RF1/refunds", json=refund, headers={"Idempotency-Key": "rf-1"}
        )
        retried = await http.post("/claims/CLM-RF1/refunds", json=refund, headers={"Idempotency-Key": "rf-1"})
        cycle = await http.post("/statement-cycles", json={"cycle_id": "sb-1"})
        rerun = await http.post("/statement-cycles", json={"cycle_id": "sb-1"})
    assert put.status_code == 200 and read.json()["small_balance_write_off_below"] == "5.00"
    assert too_much.status_code == 422
    assert refunded.status_code == 201 and retried.status_code == 200 and retried.json() == refunded.json()
    refunded_account = (await claim_ledger(remittance_service, "CLM-RF1"))["balance"]
    # 20.00 owed, 25.00 paid, 5.00 refunded: settled, and the refund is on the books once
    assert (refunded_account["refunds_to_patient"], refunded_account["patient_balance"]) == ("5.00", "0.00")
    assert cycle.json()["small_balances_written_off"] == [{"patient_id": "pat-sb", "amount": "3.00"}]
    assert rerun.status_code == 200 and rerun.json() == cycle.json()
    written_off = (await claim_ledger(remittance_service, "CLM-SB1"))["balance"]
    assert (written_off["small_balance_write_offs"], written_off["status"]) == ("3.00", "settled")
    # PaymentPosted and a payer outcome per claim, then ClaimAccountPosted: the payment, the refund, the write-off
    events = await remittance_events(remittance_settings, at_least=7)
    posted = {  # by event id: the refund's retry publishes its event again, under the same id
        e.envelope.event_id: (e.payload.entry_kind, e.payload.claim_id, str(e.payload.amount))  # type: ignore[attr-defined]
        for e in events
        if e.envelope.event_type == "ClaimAccountPosted"
    }
    assert sorted(posted.values()) == [
        ("patient_payment", "CLM-RF1", "25.00"),
        ("refund", "CLM-RF1", "5.00"),
        ("small_balance_write_off", "CLM-SB1", "3.00"),
    ]
