"""The professional claim (837P / CMS-1500) as the claims service owns it.

Independent of rcm_x12 and of the event contracts on purpose: the wire shapes may change without touching
the rules, and translators (domain/to_x12.py, the adapters) are the only places that know both sides.
Models are frozen: every change (auto-fix, correction, biller edit) produces a new claim value, which makes
"unchanged claim" a simple equality test.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from rcm_schemas.vocabulary import Sex, TelehealthMode

from rcm_claims.domain.claim_details import (
    Address as Address,  # re-exported: every translator imports Address from here
)
from rcm_claims.domain.claim_details import (
    Attachment,
    LineDrug,
    NamedClinician,
    RelatedCauses,
    ServiceFacility,
)

CENT = Decimal("0.01")
MAX_DIAGNOSES = 12
MAX_MODIFIERS = 4
SELF_RELATIONSHIP = "18"

FrequencyCode = Literal["1", "7", "8"]
"""CLM05-3: 1 original, 7 replacement of a prior claim, 8 void of a prior claim."""
CoverageOrder = Literal["primary", "secondary", "tertiary"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BillingProvider(_Frozen):
    """Loop 2010AA: the organisation that is paid. Its address must carry a ZIP+4 (rules_837p)."""

    npi: str
    tax_id: str
    name: str
    address: Address
    taxonomy_code: str = ""
    """NUCC provider taxonomy (PRV*BI): most payers price and edit by the billing provider's specialty."""


class RenderingProvider(_Frozen):
    """Loop 2310B: the clinician who performed the service."""

    npi: str
    last_name: str
    first_name: str = ""
    taxonomy_code: str = ""
    """NUCC provider taxonomy (PRV*PE in loop 2310B)."""


class Person(_Frozen):
    """Demographics of the subscriber or the patient (PHI)."""

    first_name: str
    last_name: str
    birth_date: date
    sex: Sex
    address: Address
    middle_name: str = ""


class Coverage(_Frozen):
    """The payer billed, in its responsibility order, and the member as the payer knows them."""

    payer_id: str
    payer_name: str
    order: CoverageOrder = "primary"
    member_id: str
    group_number: str = ""
    relationship: str = SELF_RELATIONSHIP
    """X12 patient-to-subscriber relationship: 18 self, 01 spouse, 19 child, ..."""
    subscriber: Person | None = None
    """The insured when it is not the patient; None when relationship is 18 (self)."""


class PriorAdjustment(_Frozen):
    """One CAS triple of the prior payer's 835."""

    group_code: str
    carc: str
    amount: Decimal


class PriorLine(_Frozen):
    """How the prior payer adjudicated one of our lines (2430)."""

    line_number: int
    procedure_code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    paid: Decimal
    adjustments: tuple[PriorAdjustment, ...] = ()


class PriorAdjudication(_Frozen):
    """The prior payer's decision on our claim `claim_id` (its 835 CLP loop), as the next payer must see it."""

    claim_id: str
    paid: Decimal
    patient_responsibility: Decimal
    adjudicated_on: date
    claim_adjustments: tuple[PriorAdjustment, ...] = ()
    lines: tuple[PriorLine, ...] = ()
    coverage: Coverage | None = None
    """The coverage that claim billed (2330A/2330B); set when the next payer's claim is built from it."""

    def line(self, line_number: int) -> PriorLine | None:
        return next((line for line in self.lines if line.line_number == line_number), None)


class ServiceLine(_Frozen):
    line_number: int = Field(ge=1, le=50)
    line_control_number: str
    """REF*6R: the payer echoes it in the 835 so payments match our line, not a guess by code."""
    procedure_code: str
    modifiers: tuple[str, ...] = ()
    units: int = Field(default=1, ge=1)
    charge: Decimal
    """Line total (unit price from the clinic's fee schedule x units), Decimal dollars."""
    diagnosis_pointers: tuple[int, ...] = (1,)
    date_of_service: date
    place_of_service: str
    drug: LineDrug | None = None
    """2410: the NDC of the drug the line bills."""
    rendering_provider: NamedClinician | None = None
    """2420A: who did this line, when not the claim's rendering clinician."""
    supervising_provider: NamedClinician | None = None
    """2420D"""
    ordering_provider: NamedClinician | None = None
    """2420E: who ordered this line's test or supply (labs, DME)."""
    referring_provider: NamedClinician | None = None
    """2420F: who referred this line's service, when not the claim's referring clinician."""

    def with_modifiers(self, modifiers: tuple[str, ...]) -> ServiceLine:
        return self.model_copy(update={"modifiers": modifiers})


class ProfessionalClaim(_Frozen):
    claim_id: str
    tenant_id: str
    encounter_id: str
    patient_id: str
    billing_provider: BillingProvider
    rendering_provider: RenderingProvider
    patient: Person
    coverage: Coverage
    diagnoses: tuple[str, ...]
    """ICD-10-CM, principal first; pointers are 1-based positions in this tuple."""
    lines: tuple[ServiceLine, ...]
    frequency_code: FrequencyCode = "1"
    prior_authorization_number: str = ""
    payer_claim_control_number: str = ""
    """For a replacement or void: the payer's claim number of the claim replaced (REF*F8)."""
    original_claim_id: str | None = None
    """For a replacement: our id of the claim it replaces."""
    telehealth: bool = False
    telehealth_mode: TelehealthMode | None = None
    referring_provider: NamedClinician | None = None
    """2310A: who referred or ordered the service (labs, imaging, consults, therapy)."""
    supervising_provider: NamedClinician | None = None
    """2310D: the supervising physician of an incident-to service."""
    service_facility: ServiceFacility | None = None
    """2310C: where the service was done, when not at the billing provider's address."""
    clia_number: str = ""
    """REF*X4: the clinic's CLIA certificate, required when a line bills a lab test."""
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=10)
    """PWK: paperwork sent with the claim."""
    delay_reason_code: str = ""
    """CLM20: why the claim goes out past timely filing."""
    related_causes: RelatedCauses | None = None
    """CLM11 with DTP*439: an accident or work-related visit."""
    onset_date: date | None = None
    """DTP*431: onset of the current illness or symptom."""
    patient_paid: Decimal | None = None
    """AMT*F5: what the patient paid toward this claim at the visit."""
    other_coverages: tuple[Coverage, ...] = ()
    """The payers billed after this claim's, in order (2320/2330 with SBR01 S or T on this claim)."""
    prior_adjudications: tuple[PriorAdjudication, ...] = ()
    """What each payer before this claim's decided (2320/2330/2430): set on a secondary or tertiary claim."""

    @property
    def total_charge(self) -> Decimal:
        """CLM02 must equal the sum of the lines, so it is derived, never stored separately."""
        return sum((line.charge for line in self.lines), Decimal("0")).quantize(CENT)

    @property
    def first_date_of_service(self) -> date:
        return min(line.date_of_service for line in self.lines)

    @property
    def place_of_service(self) -> str:
        """Claim-level POS (CLM05-1): the first line's; the scrubber refuses claims whose lines differ."""
        return self.lines[0].place_of_service

    def line(self, line_number: int) -> ServiceLine | None:
        return next((line for line in self.lines if line.line_number == line_number), None)

    def replace_line(self, new_line: ServiceLine) -> ProfessionalClaim:
        lines = tuple(new_line if line.line_number == new_line.line_number else line for line in self.lines)
        return self.model_copy(update={"lines": lines})

    def duplicate_fingerprint(self) -> str:
        """Same patient, same dates of service, same codes: what a payer's duplicate edit (CO-18) compares.

        Hashed so that the set of prior fingerprints the caller keeps holds no PHI.
        """
        who = f"{self.coverage.member_id.upper()}|{self.patient.last_name.upper()}|{self.patient.birth_date}"
        services = sorted(f"{line.date_of_service}:{line.procedure_code}" for line in self.lines)
        return hashlib.sha256(f"{who}|{'|'.join(services)}".encode()).hexdigest()[:32]

    def content_fingerprint(self) -> str:
        """Everything the payer would see, minus our ids: equal fingerprints mean nothing changed."""
        content = self.model_dump(
            mode="json",
            exclude={"claim_id", "frequency_code", "original_claim_id", "payer_claim_control_number"},
        )
        for line in content["lines"]:
            line.pop("line_control_number", None)
        return hashlib.sha256(repr(content).encode()).hexdigest()[:32]
