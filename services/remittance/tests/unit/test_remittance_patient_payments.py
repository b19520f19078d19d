"""Patient payments on worked examples: oldest visit first unless told, each visit up to what the patient owes,
the rest a credit; a retry applies nothing twice; another tenant's patient is 404; a card number is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.domain.patient_payments import PatientVisit, allocate
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file

TENANT = "clinic-a"
D = Decimal


def test_oldest_visit_first_each_up_to_its_balance_and_the_rest_a_credit() -> None:
    visits = [
        PatientVisit("V2", date(2026, 3, 1), D("40.00")),
        PatientVisit("V1", date(2026, 1, 15), D("25.00")),
        PatientVisit("V3", date(2026, 3, 20), D("0.00")),
    ]
    # 100.00: 25.00 to V1 (oldest), 40.00 to V2, nothing owed on V3, 35.00 left: a credit on V2
    allocation = allocate(D("100.00"), visits)
    assert allocation.applied == (("V1", D("25.00")), ("V2", D("75.00")))
    assert allocation.credit == D("35.00")
    # Told to pay V2 first: 30.00 all to V2
    assert allocate(D("30.00"), visits, first="V2").applied == (("V2", D("30.00")),)


async def _two_visits(world: Any) -> None:
    """Patient pat-9: V1 (Jan) PR 25.00 after insurance; V2 (Mar) PR 40.00."""
    for claim_id, dos, pr in (("V1", "20260115", "25.00"), ("V2", "20260301", "40.00")):
        paid = D("100.00") - D(pr)
        claim = clp(
            claim_id, "1", (svc("99213", "100.00", str(paid), (cas("PR", "2", pr),), control=claim_id),)
        )
        known = known_from(claim).model_copy(
            update={"patient_id": "pat-9", "date_of_service": date(int(dos[:4]), int(dos[4:6]), int(dos[6:]))}
        )
        await world.known_claims.remember(known, tenant_id=TENANT, payer_id="ACME01")
        entries = post_remittance_file(
            file_of(remittance((claim,), trace=f"T-{claim_id}")), {claim_id: known}, POSTED_AT
        ).entries
        await world.ledger.append(entries, TENANT)


async def test_a_payment_larger_than_owed_leaves_a_credit_and_a_retry_applies_it_once(
    wired: InMemoryService, world: Any
) -> None:
    await _two_visits(world)
    body = {"amount": "80.00", "method": "card", "reference": "TERM-558812"}
    headers = {**as_user(Role.front_desk, TENANT), "Idempotency-Key": "desk-1"}
    async with wired.http() as http:
        first = await http.post("/patients/pat-9/payments", json=body, headers=headers)
        again = await http.post("/patients/pat-9/payments", json=body, headers=headers)
        v1 = (await http.get("/claims/V1/balance", headers=headers_for_tenant(TENANT))).json()
        v2 = (await http.get("/claims/V2/balance", headers=headers_for_tenant(TENANT))).json()
    assert first.status_code == 201 and again.status_code == 200
    # 80.00: 25.00 to V1, 40.00 to V2, 15.00 beyond what was owed: a credit on V2
    assert first.json()["applied"] == [
        {"claim_id": "V1", "amount": "25.00"},
        {"claim_id": "V2", "amount": "55.00"},
    ]
    assert first.json()["credit"] == "15.00" and again.json() == first.json()
    assert (v1["patient_payments"], v1["patient_balance"], v1["status"]) == ("25.00", "0.00", "settled")
    assert (v2["patient_payments"], v2["patient_balance"], v2["status"]) == ("55.00", "-15.00", "credit")


async def test_another_tenants_patient_is_404_and_bad_payments_are_422(
    wired: InMemoryService, world: Any
) -> None:
    await _two_visits(world)
    good = {"amount": "10.00", "method": "cash", "reference": "R-1"}
    async with wired.http() as http:
        other = await http.post("/patients/pat-9/payments", json=good, headers=headers_for_tenant("clinic-b"))
        card = await http.post(
            "/patients/pat-9/payments",
            json={**good, "method": "card", "reference": "4111 1111 1111 1111"},
            headers=headers_for_tenant(TENANT),
        )
        negative = await http.post(
            "/patients/pat-9/payments", json={**good, "amount": "-5.00"}, headers=headers_for_tenant(TENANT)
        )
        not_theirs = await http.post(
            "/patients/pat-9/payments",
            json={**good, "apply_to_claim_id": "V9"},
            headers=headers_for_tenant(TENANT),
        )
    assert other.status_code == 404
    assert card.status_code == 422 and "reference" in card.text and "4111" not in card.text
    assert negative.status_code == 422 and "amount" in negative.text
    assert (
        not_theirs.status_code == 422
        and "apply_to_claim_id" in not_theirs.text
        and "V9" not in not_theirs.text
    )
    assert world.ledger.entries and not [
        e for _, e in world.ledger.entries.values() if e.kind == "patient_payment"
    ]
