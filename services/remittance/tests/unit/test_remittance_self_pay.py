"""A self-pay visit (SelfPayClaimBilled) through the consumer: the claim becomes one of the patient's visits, its whole
charge is the patient's share at once (insurance balance 0), the statement bills it, and a redelivery books nothing
twice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.domain.ledger import category_of, claim_account
from rcm_schemas import new_message
from rcm_schemas.events.claims import ClaimLine, SelfPayClaimBilled

TENANT = "clinic-a"
HEADERS = headers_for_tenant(TENANT)
D = Decimal
BILLED_AT = datetime(2024, 3, 1, 10, 30, tzinfo=UTC)  # 21 days before the fakes' "now" (2024-03-22)


def self_pay_claim(claim_id: str, patient_id: str, *charges: str) -> SelfPayClaimBilled:
    lines = tuple(
        ClaimLine(
            line_number=number,
            procedure_code=code,
            charge_amount=D(charge),
            line_control_number=f"{claim_id}-{number}",
        )
        for number, (code, charge) in enumerate(zip(("99213", "36415"), charges, strict=False), start=1)
    )
    return SelfPayClaimBilled(
        claim_id=claim_id,
        encounter_id=f"enc-{claim_id}",
        patient_id=patient_id,
        total_charge=sum((line.charge_amount for line in lines), D("0.00")),
        date_of_service=date(2024, 2, 28),
        place_of_service="11",
        billing_provider_npi="1234567893",
        rendering_provider_npi="1245319599",
        diagnoses=("J069",),
        lines=lines,
    )


async def test_a_self_pay_visit_is_owed_by_the_patient_at_once_and_booked_once(
    wired: InMemoryService, world: Any
) -> None:
    message = new_message(
        self_pay_claim("CSP1", "pat-s", "120.00", "15.00"),
        producer="claims",
        tenant_id=TENANT,
        occurred_at=BILLED_AT,
    )
    await wired.deliver_message(message)
    await wired.deliver_message(message)  # redelivered

    known = await world.known_claims.get("CSP1", TENANT)
    assert known is not None and known.patient_id == "pat-s" and known.date_of_service == date(2024, 2, 28)
    assert known.charges == D("135.00")
    (entry,) = await world.ledger.of_claim("CSP1", TENANT)
    assert (entry.kind, entry.group_code, entry.carc, entry.payer_id) == (
        "patient_responsibility",
        "PR",
        None,
        "SELF",
    )
    assert entry.amount == D("135.00") and entry.posted_at == BILLED_AT
    assert category_of(entry) == "transfer_to_patient"
    account = claim_account("CSP1", known.charges, [entry])
    assert (account.insurance_balance, account.patient_balance, account.status) == (
        D("0.00"),
        D("135.00"),
        "patient_due",
    )
    assert wired.dead_letters() == []


async def test_a_payment_at_the_desk_is_applied_to_the_self_pay_visit(wired: InMemoryService) -> None:
    await wired.deliver(self_pay_claim("CSP2", "pat-t", "80.00"), tenant_id=TENANT)
    body = {"amount": "50.00", "method": "cash", "reference": "R-77"}
    headers = {**as_user(Role.front_desk, TENANT), "Idempotency-Key": "desk-sp-1"}
    async with wired.http() as http:
        paid = await http.post("/patients/pat-t/payments", json=body, headers=headers)
        balance = (await http.get("/claims/CSP2/balance", headers=HEADERS)).json()

    assert paid.status_code == 201
    assert paid.json()["applied"] == [{"claim_id": "CSP2", "amount": "50.00"}]
    assert (balance["insurance_balance"], balance["patient_balance"]) == ("0.00", "30.00")


async def test_the_patients_statement_bills_the_full_charge_of_a_self_pay_visit(
    wired: InMemoryService, world: Any
) -> None:
    await wired.deliver(self_pay_claim("CSP3", "pat-u", "120.00", "15.00"), tenant_id=TENANT)
    async with wired.http() as http:
        balance = await http.get("/claims/CSP3/balance", headers=HEADERS)
        statement = await http.get("/patients/pat-u/statement", headers=HEADERS)

    assert balance.status_code == 200
    assert {
        key: balance.json()[key] for key in ("charges", "insurance_balance", "patient_balance", "status")
    } == {
        "charges": "135.00",
        "insurance_balance": "0.00",
        "patient_balance": "135.00",
        "status": "patient_due",
    }
    assert statement.status_code == 200
    data = statement.json()
    assert data["total_due"] == "135.00" and data["pending_with_insurance"] == 0
    (line,) = data["lines"]
    assert (
        line["claim_id"] == "CSP3" and line["patient_owes"] == "135.00" and line["insurance_paid"] == "0.00"
    )
