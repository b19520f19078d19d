"""Claim builders for every clearinghouse test: clean claims, real 837P files and the ClaimSubmitted carrying one.

One module for the unit and the real-stack tests (their conftests put this folder on sys.path); the name is
service-specific because every service's tests share one process under `make unit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rcm_clearinghouse.domain.scenario import Scenario
from rcm_codesets import PayerType
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
SUBMITTED_ON = date(2025, 3, 10)
"""The simulated day claims are submitted on (the clock's start in the stack tests)."""
CLINIC = BillingProvider(
    "SPRINGFIELD FAMILY CLINIC",
    "1234567893",
    "371234567",
    Address("200 CLINIC DR", "SPRINGFIELD", "IL", "627045678"),
)
MEMBER_IDS = {
    "NWHP1": "NWH123456789",
    "MCR01": "1EG4TE5MK73",
    "TSMA1": "TMA123456789",
    "FBHMO": "FBA12345678",
}
PATIENT_LAST, PATIENT_FIRST, BIRTH_DATE = "QUILLFEATHER", "ROSALIND", date(1980, 5, 17)
remember_phi(
    PATIENT_LAST, PATIENT_FIRST, BIRTH_DATE.isoformat(), BIRTH_DATE.strftime("%Y%m%d"), *MEMBER_IDS.values()
)


def build_claim(
    claim_id: str = "CLM1001",
    payer_id: str = "NWHP1",
    *,
    member_id: str | None = None,
    place_of_service: str = "11",
    modifiers: tuple[str, ...] = (),
    with_lab: bool = True,
    **overrides: Any,
) -> Claim:
    """A clean office visit (99214 + venipuncture), member id in the payer's format; `overrides` replace any
    other Claim field. POS 10 without modifier 95 is the telehealth defect."""
    lines = (
        ServiceLine("99214", Decimal("250.00"), Decimal("1"), DOS, (1,), modifiers, f"{claim_id}-1"),
        ServiceLine("36415", Decimal("20.00"), Decimal("1"), DOS, (1,), (), f"{claim_id}-2"),
    )
    subscriber = Subscriber(
        PATIENT_LAST,
        PATIENT_FIRST,
        member_id or MEMBER_IDS.get(payer_id, "X1234567"),
        BIRTH_DATE,
        "F",
        Address("100 MAIN ST", "SPRINGFIELD", "IL", "627011234"),
    )
    values: dict[str, Any] = dict(
        claim_id=claim_id,
        billing_provider=CLINIC,
        subscriber=subscriber,
        payer=Payer(f"PAYER {payer_id}", payer_id),
        place_of_service=place_of_service,
        diagnosis_codes=("I10",),
        lines=lines if with_lab else lines[:1],
    )
    return Claim(**{**values, **overrides})


def build_837(claims: Sequence[Claim], interchange: int = 101) -> str:
    transmission = ClaimTransmission(
        parties=EnvelopeParties(sender_id="RCMSUBMIT01", receiver_id="RCMCLEARHOUSE"),
        submitter=Submitter("RCM BILLING SERVICES", "RCM0001", "EDI DESK", "2175550100"),
        receiver=Receiver("RCM SIMULATED CLEARINGHOUSE", "RCMCLEARHOUSE"),
        created=datetime(2025, 3, 10, 9, 30),
    )
    return write_837p(transmission, list(claims), ControlNumbers(interchange, interchange, 1))


def claim_submitted(claim: Claim, interchange: int, *, x12: str | None = None) -> ClaimSubmitted:
    """The claims service's ClaimSubmitted for one claim in its own 837P file."""
    template = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    return template.model_copy(
        update={
            "claim_id": claim.claim_id,
            "payer_id": claim.payer.payer_id,
            "frequency_code": claim.frequency_code,
            "interchange_control_number": str(interchange),
            "group_control_number": str(interchange),
            "x12_837p": x12 or build_837([claim], interchange),
            "total_charge": claim.total_charge,
            "date_of_service": DOS,
            "place_of_service": claim.place_of_service,
        }
    )


def wire(event: ClaimSubmitted) -> bytes:
    return encode(new_message(event, producer="claims", tenant_id=TENANT))


def quiet_scenario(**overrides: Any) -> Scenario:
    """No rate-drawn denials and no PLB: only real claim defects deny."""
    values: dict[str, Any] = dict(
        denial_rates={payer_type: Decimal("0") for payer_type in PayerType},
        provider_adjustment_rate=Decimal("0"),
    )
    return Scenario(**{**values, **overrides})
