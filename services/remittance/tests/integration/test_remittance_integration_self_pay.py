"""A self-pay visit on the real stack: SelfPayClaimBilled makes the whole charge the patient's at once, the
patient's statement bills it while an insured visit still with its payer waits, and a redelivery books nothing
twice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from rcm_platform import Service
from rcm_platform.testing.waiting import wait_for
from rcm_remittance.settings import RemittanceSettings
from rcm_schemas import encode, new_message
from rcm_schemas.events.claims import ClaimLine, SelfPayClaimBilled
from remittance_scenarios import TENANT, claim_ledger, claim_submitted, client, submit_claims

pytestmark = pytest.mark.stack
D = Decimal


def self_pay_claim(claim_id: str, patient_id: str) -> SelfPayClaimBilled:
    return SelfPayClaimBilled(
        claim_id=claim_id,
        encounter_id=f"enc-{claim_id}",
        patient_id=patient_id,
        total_charge=D("175.00"),
        date_of_service=date(2025, 3, 3),
        place_of_service="11",
        billing_provider_npi="1234567893",
        rendering_provider_npi="1245319599",
        diagnoses=("J069", "I10"),
        lines=(
            ClaimLine(
                line_number=1, procedure_code="99214", charge_amount=D("150.00"), line_control_number="S1"
            ),
            ClaimLine(
                line_number=2, procedure_code="36415", charge_amount=D("25.00"), line_control_number="S2"
            ),
        ),
    )


async def test_a_self_pay_visit_is_billed_in_full_on_the_patients_statement(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    insured = claim_submitted("CLM-SP-INS", [("99213", (), "100.00", "I1")]).model_copy(
        update={"patient_id": "pat-sp"}
    )
    await submit_claims(remittance_service, remittance_settings, insured)
    billed_at = datetime.now(UTC).replace(microsecond=0)  # whole seconds: the store keeps milliseconds
    message = new_message(
        self_pay_claim("CLM-SP1", "pat-sp"), producer="tests", tenant_id=TENANT, occurred_at=billed_at
    )
    topic = remittance_settings.topic("rcm.claims.events")
    for _ in range(2):  # the same event twice: at-least-once delivery
        await remittance_service.publisher.send_raw(
            topic, encode(message), key=message.envelope.partition_key.encode(), headers={}
        )

    async def booked() -> bool:
        ledger = await claim_ledger(remittance_service, "CLM-SP1")
        return bool(ledger["known_claim"] and ledger["entries"])

    await wait_for(booked, what="the self-pay visit booked by remittance")
    ledger: dict[str, Any] = await claim_ledger(remittance_service, "CLM-SP1")
    (entry,) = ledger["entries"]
    assert (entry["kind"], entry["group_code"], entry["payer_id"], entry["amount"]) == (
        "patient_responsibility",
        "PR",
        "SELF",
        "175.00",
    )
    assert entry["posted_at"] == billed_at.isoformat()  # the event's time, so a redelivery writes the same
    balance = ledger["balance"]
    assert (
        balance["charges"],
        balance["insurance_balance"],
        balance["patient_balance"],
        balance["status"],
    ) == (
        "175.00",
        "0.00",
        "175.00",
        "patient_due",
    )
    known = await remittance_service.db["known_claims"].find_one({"_id": "CLM-SP1"})
    assert known is not None and (known["payer_id"], known["charges_cents"]) == ("SELF", 17500)

    async with client(remittance_service) as http:
        statement = await http.get("/patients/pat-sp/statement")
    assert statement.status_code == 200, statement.text
    data = statement.json()
    assert data["total_due"] == "175.00" and data["pending_with_insurance"] == 1  # the insured visit waits
    assert [(line["claim_id"], line["charges"], line["patient_owes"]) for line in data["lines"]] == [
        ("CLM-SP1", "175.00", "175.00")
    ]
