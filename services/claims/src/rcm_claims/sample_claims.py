"""Realistic synthetic claims for the demo, the benchmark and tests (fictional people and NPIs)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm_codesets import clinic_charge

from rcm_claims.domain.claim import (
    Address,
    BillingProvider,
    Coverage,
    Person,
    ProfessionalClaim,
    RenderingProvider,
    ServiceLine,
)
from rcm_claims.rules_data.sample import sample_chargemaster

SAMPLE_DATE_OF_SERVICE = date(2025, 3, 3)
CLINIC = BillingProvider(
    npi="1234567893",
    tax_id="371234567",
    name="SPRINGFIELD FAMILY CLINIC",
    address=Address(line1="200 CLINIC DR", city="SPRINGFIELD", state="IL", postal_code="627045678"),
    taxonomy_code="261QP2300X",
)
CLINICIAN = RenderingProvider(
    npi="1992753883", last_name="SMITH", first_name="ANNA", taxonomy_code="207Q00000X"
)
PATIENT = Person(
    first_name="JOHN",
    last_name="DOE",
    birth_date=date(1980, 5, 17),
    sex="M",
    address=Address(line1="100 MAIN ST", city="SPRINGFIELD", state="IL", postal_code="627011234"),
)
NORTHWIND = Coverage(payer_id="NWHP1", payer_name="NORTHWIND HEALTH PLAN", member_id="NWH123456789")


# Clinic chargemaster prices for codes the Medicare-based default does not price (add-ons, vaccines).
SAMPLE_EXTRA_PRICES: dict[str, Decimal] = sample_chargemaster()


def sample_unit_price(code: str, on: date) -> Decimal | None:
    return clinic_charge(code, on) or SAMPLE_EXTRA_PRICES.get(code)


def sample_line(
    line_number: int,
    code: str,
    *,
    modifiers: tuple[str, ...] = (),
    units: int = 1,
    pointers: tuple[int, ...] = (1,),
    on: date = SAMPLE_DATE_OF_SERVICE,
    place_of_service: str = "11",
    claim_id: str = "CLM1",
) -> ServiceLine:
    unit_price = sample_unit_price(code, on) or Decimal("0")
    return ServiceLine(
        line_number=line_number,
        line_control_number=f"{claim_id}-{line_number}",
        procedure_code=code,
        modifiers=modifiers,
        units=units,
        charge=unit_price * units,
        diagnosis_pointers=pointers,
        date_of_service=on,
        place_of_service=place_of_service,
    )


def sample_claim(
    *lines: ServiceLine,
    claim_id: str = "CLM1",
    diagnoses: tuple[str, ...] = ("J06.9", "I10"),
    coverage: Coverage = NORTHWIND,
    **overrides: object,
) -> ProfessionalClaim:
    """A clean office-visit claim unless lines or overrides say otherwise."""
    values: dict[str, object] = {
        "claim_id": claim_id,
        "tenant_id": "clinic-1",
        "encounter_id": f"ENC-{claim_id}",
        "patient_id": "PAT-1",
        "billing_provider": CLINIC,
        "rendering_provider": CLINICIAN,
        "patient": PATIENT,
        "coverage": coverage,
        "diagnoses": diagnoses,
        "lines": lines or (sample_line(1, "99213", claim_id=claim_id),),
    }
    values.update(overrides)
    return ProfessionalClaim.model_validate(values)
