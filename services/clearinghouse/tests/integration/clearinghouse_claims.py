"""Builders for the clearinghouse's real-stack tests: real 837P files in ClaimSubmitted, pyx12 checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from rcm_platform.testing.phi_guard import remember_phi
from rcm_schemas import encode, new_message
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.samples import sample_events
from rcm_x12 import (
    Address,
    BillingProvider,
    Claim,
    ClaimTransmission,
    ControlNumbers,
    EnvelopeParties,
    Payer,
    Receiver,
    ServiceLine,
    Submitter,
    Subscriber,
    write_837p,
)

TENANT = "clinic-a"
DOS = date(2025, 3, 4)
CLOCK_START = date(2025, 3, 10)
CLINIC = BillingProvider(
    "SPRINGFIELD FAMILY CLINIC",
    "1234567893",
    "371234567",
    Address("200 CLINIC DR", "SPRINGFIELD", "IL", "627045678"),
)
MEMBER_IDS = {"NWHP1": "NWH123456789", "MCR01": "1EG4TE5MK73"}
PATIENT_LAST, PATIENT_FIRST, BIRTH_DATE = "QUILLFEATHER", "ROSALIND", date(1980, 5, 17)
remember_phi(
    PATIENT_LAST, PATIENT_FIRST, BIRTH_DATE.isoformat(), BIRTH_DATE.strftime("%Y%m%d"), *MEMBER_IDS.values()
)


def build_claim(
    claim_id: str,
    payer_id: str = "NWHP1",
    *,
    member_id: str | None = None,
    place_of_service: str = "11",
    modifiers: tuple[str, ...] = (),
    with_lab: bool = True,
) -> Claim:
    """A clean office visit (99214 + venipuncture); POS 10 without modifier 95 is the telehealth defect."""
    lines = (
        ServiceLine("99214", Decimal("250.00"), Decimal("1"), DOS, (1,), modifiers, f"{claim_id}-1"),
        ServiceLine("36415", Decimal("20.00"), Decimal("1"), DOS, (1,), (), f"{claim_id}-2"),
    )
    lines = lines if with_lab else lines[:1]
    subscriber = Subscriber(
        PATIENT_LAST,
        PATIENT_FIRST,
        member_id or MEMBER_IDS.get(payer_id, "X1234567"),
        BIRTH_DATE,
        "F",
        Address("100 MAIN ST", "SPRINGFIELD", "IL", "627011234"),
    )
    return Claim(
        claim_id=claim_id,
        billing_provider=CLINIC,
        subscriber=subscriber,
        payer=Payer(f"PAYER {payer_id}", payer_id),
        place_of_service=place_of_service,
        diagnosis_codes=("I10",),
        lines=lines,
    )


def build_837(claim: Claim, interchange: int) -> str:
    transmission = ClaimTransmission(
        parties=EnvelopeParties(sender_id="RCMSUBMIT01", receiver_id="RCMCLEARHOUSE"),
        submitter=Submitter("RCM BILLING SERVICES", "RCM0001", "EDI DESK", "2175550100"),
        receiver=Receiver("RCM SIMULATED CLEARINGHOUSE", "RCMCLEARHOUSE"),
        created=datetime(2025, 3, 10, 9, 30),
    )
    return write_837p(transmission, [claim], ControlNumbers(interchange, interchange, 1))


def claim_submitted(claim: Claim, interchange: int, *, x12: str | None = None) -> ClaimSubmitted:
    template = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    return template.model_copy(
        update={
            "claim_id": claim.claim_id,
            "payer_id": claim.payer.payer_id,
            "interchange_control_number": str(interchange),
            "group_control_number": str(interchange),
            "x12_837p": x12 or build_837(claim, interchange),
            "total_charge": claim.total_charge,
            "date_of_service": DOS,
            "place_of_service": claim.place_of_service,
        }
    )


def wire(event: ClaimSubmitted) -> bytes:
    return encode(new_message(event, producer="claims", tenant_id=TENANT))
