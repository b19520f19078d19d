"""Value objects shared by several events (nested models, not events themselves)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from rcm_schemas.codes import (
    CarcCode,
    CoverageOrder,
    GroupCode,
    Icd10Code,
    ModifierCode,
    Npi,
    PayerId,
    ProcedureCode,
    RarcCode,
    Sex,
    TaxId,
)
from rcm_schemas.money import Money
from rcm_schemas.vocabulary import Severity


class Value(BaseModel):
    """Frozen and strict about unknown fields, like Event (see there why)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


DiagnosisPointer = Annotated[int, Field(ge=1, le=12)]
Modifiers = Annotated[tuple[ModifierCode, ...], Field(max_length=4)]
Diagnoses = Annotated[tuple[Icd10Code, ...], Field(min_length=1, max_length=12)]
"""Ordered diagnoses; the first is the principal one (HI ABK), pointers are 1-based positions in this list."""
PatientLocation = Literal["home", "other"]
"""Where the patient was during a telehealth visit: decides POS 10 (home) or 02 (elsewhere)."""
RelationshipCode = Literal["18", "01", "19", "20", "21", "39", "40", "53", "G8"]
"""X12 individual relationship code of patient to subscriber (18 = self, 01 spouse, 19 child, ...)."""


class PostalAddress(Value):
    """A patient's or subscriber's address (PHI as a whole: the field holding it is named `address`)."""

    line1: str = Field(min_length=1, max_length=55)
    line2: str | None = Field(default=None, max_length=55)
    city: str = Field(min_length=1, max_length=30)
    state: str = Field(pattern=r"^[A-Z]{2}$")
    postal_code: str = Field(pattern=r"^[0-9]{5}([0-9]{4})?$")


class PersonDemographics(Value):
    """Patient or subscriber as the 837P needs them (loops 2010BA/2010CA). Names, birth date, address: PHI."""

    first_name: str = Field(min_length=1, max_length=35)
    last_name: str = Field(min_length=1, max_length=60)
    middle_name: str | None = Field(default=None, max_length=25)
    birth_date: date
    sex: Sex
    address: PostalAddress


class BillingProvider(Value):
    """Loop 2010AA: the organisation that is paid. Not PHI; field names avoid the PHI names on purpose."""

    npi: Npi
    tax_id: TaxId
    organization_name: str = Field(min_length=1, max_length=60)
    taxonomy_code: str | None = Field(default=None, pattern=r"^[0-9A-Z]{9}X$")
    practice_address: PostalAddress


class RenderingProvider(Value):
    """Loop 2310B: the clinician who performed the service."""

    npi: Npi
    provider_last_name: str = Field(min_length=1, max_length=60)
    provider_first_name: str | None = Field(default=None, max_length=35)
    taxonomy_code: str | None = Field(default=None, pattern=r"^[0-9A-Z]{9}X$")


class Coverage(Value):
    """The coverage billed on this claim. member_id and subscriber are PHI."""

    payer_id: PayerId
    payer_name: str = Field(min_length=1, max_length=60)
    coverage_order: CoverageOrder
    member_id: str = Field(min_length=1, max_length=80)
    group_number: str | None = Field(default=None, max_length=50)
    plan_name: str | None = Field(default=None, max_length=60)
    relationship_code: RelationshipCode = "18"
    subscriber: PersonDemographics | None = None
    """None when the patient is the subscriber (relationship 18)."""


class OtherCoverage(Value):
    """Further coverages, so a coordination-of-benefits denial can be routed to the next payer."""

    payer_id: PayerId
    coverage_order: CoverageOrder
    member_id: str = Field(min_length=1, max_length=80)


class EligibilitySummary(Value):
    """The 271 answer for the date of service, as registration stored it."""

    active: bool
    checked_on: date
    plan_name: str | None = None
    copay: Money | None = None
    coinsurance_percent: int | None = Field(default=None, ge=0, le=100)
    deductible_remaining: Money | None = None
    prior_auth_required_codes: tuple[ProcedureCode, ...] = ()
    service_type_covered: bool = True


class SelectedLine(Value):
    """A service line as the provider (or coder) chose it; charges are added later by claims."""

    line_number: int = Field(ge=1, le=50)
    procedure_code: ProcedureCode
    modifiers: Modifiers = ()
    units: int = Field(default=1, ge=1, le=9999)
    diagnosis_pointers: tuple[DiagnosisPointer, ...] = Field(default=(1,), min_length=1, max_length=4)


class Finding(Value):
    """One rule result from coding validation or the claim scrubber."""

    rule_id: str = Field(min_length=1, max_length=64)
    severity: Severity
    message: str = Field(min_length=1, max_length=500)
    fix_hint: str | None = Field(default=None, max_length=500)
    line_number: int | None = Field(default=None, ge=1, le=50)
    auto_fixable: bool = False


class Adjustment(Value):
    """One CAS triple: group, reason, amount (and quantity when the payer sent one)."""

    group_code: GroupCode
    carc: CarcCode
    amount: Money
    quantity: int | None = None


class RemitLine(Value):
    """One SVC line of an 835 as matched to our claim line."""

    line_number: int | None = Field(default=None, ge=1, le=50)
    """Our line number; None when the payer's line could not be matched."""
    line_control_number: str | None = Field(default=None, max_length=50)
    """REF*6R we sent and the payer echoed."""
    procedure_code: ProcedureCode
    modifiers: Modifiers = ()
    units: int = Field(default=1, ge=0)
    charge_amount: Money
    allowed_amount: Money | None = None
    paid_amount: Money
    adjustments: tuple[Adjustment, ...] = ()
    remark_codes: tuple[RarcCode, ...] = ()
