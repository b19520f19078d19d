"""Encounters: the intake a front desk submits, and the aggregate registration keeps (one Mongo document).

The aggregate embeds snapshots of the patient, coverages and providers as they were when the encounter was
registered: the use cases stay pure functions of one document, and the EncounterRegistered event can be
built from it alone, even if the patient's address changes later.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator
from rcm_codesets import TELEHEALTH_POS, place_of_service
from rcm_schemas import X12Text
from rcm_schemas.codes import EntityId, TenantId
from rcm_schemas.vocabulary import TelehealthMode

from rcm_registration.domain.base import DomainModel, validation_today
from rcm_registration.domain.claim_details import LineDrugDetails, OutsideProvider, VisitClaimDetails
from rcm_registration.domain.coverage import Coverage, in_billing_order
from rcm_registration.domain.eligibility import EligibilityResult
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider

NOTE_TEXT_MAX = (
    20_000  # the limit EncounterRegistered.note_text enforces; refusing more here avoids a late fail
)


def _upper_stripped(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _icd10_without_dot(value: object) -> object:
    # X12 HI segments carry E11.9 as E119; the shape rcm_schemas.codes.Icd10Code stores.
    return value.strip().upper().replace(".", "") if isinstance(value, str) else value


ProcedureCode = Annotated[
    str,
    BeforeValidator(_upper_stripped),
    StringConstraints(pattern=r"^([0-9]{5}|[0-9]{4}[A-Z]|[A-Z][0-9]{4})$"),
]
ModifierCode = Annotated[str, BeforeValidator(_upper_stripped), StringConstraints(pattern=r"^[A-Z0-9]{2}$")]
DiagnosisCode = Annotated[
    str, BeforeValidator(_icd10_without_dot), StringConstraints(pattern=r"^[A-Z][0-9][0-9A-Z]{1,5}$")
]
PatientLocation = Literal["home", "other"]
EncounterStatus = Literal["awaiting_eligibility", "registered", "incomplete"]
WORK_ITEM_PREFIX = "wi-"
ENCOUNTER_PREFIX = "enc-"


def work_item_id_for(encounter_id: str) -> str:
    """One work item per encounter at most, so its id names the encounter: found again by an _id lookup."""
    return WORK_ITEM_PREFIX + encounter_id


def encounter_id_of(work_item_id: str) -> str | None:
    if not work_item_id.startswith(WORK_ITEM_PREFIX):
        return None
    return work_item_id.removeprefix(WORK_ITEM_PREFIX) or None


def note_id_for(encounter_id: str) -> str:
    return f"note-{encounter_id.removeprefix(ENCOUNTER_PREFIX)}"


class SelectedServiceLine(DomainModel):
    procedure_code: ProcedureCode
    modifiers: tuple[ModifierCode, ...] = Field(default=(), max_length=4)
    units: int = Field(default=1, ge=1, le=9999)
    diagnosis_pointers: tuple[int, ...] = Field(default=(1,), min_length=1, max_length=4)
    drug: LineDrugDetails | None = None
    """The NDC of the drug the line bills (J codes and other drug codes)."""
    # The line's own clinicians, when they differ from the visit's (837P 2420A/D/E/F): e.g. who ordered a lab test.
    rendering_provider: OutsideProvider | None = None
    supervising_provider: OutsideProvider | None = None
    ordering_provider: OutsideProvider | None = None
    referring_provider: OutsideProvider | None = None


class DocumentedServices(DomainModel):
    """The clinical note and whatever codes the provider picked; whether codes are right is coding's job."""

    note_text: str = Field(default="", max_length=NOTE_TEXT_MAX)
    selected_diagnoses: tuple[DiagnosisCode, ...] = Field(default=(), max_length=12)
    selected_lines: tuple[SelectedServiceLine, ...] = Field(default=(), max_length=50)

    @property
    def procedure_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.procedure_code for line in self.selected_lines))


class VisitDetails(VisitClaimDetails):
    """When, where and how the visit happened; field order matters, later validators read earlier fields
    (the inherited 837P details are checked against the date of service in cross_checks.visit_problems)."""

    date_of_service: date
    telehealth: bool = False
    telehealth_mode: TelehealthMode | None = Field(default=None, validate_default=True)
    patient_location: PatientLocation | None = Field(default=None, validate_default=True)
    place_of_service: str = Field(pattern=r"^[0-9]{1,2}$")
    prior_authorization_number: X12Text | None = Field(default=None, min_length=1, max_length=50)

    @field_validator("date_of_service")
    @classmethod
    def _not_in_future(cls, value: date, info: ValidationInfo) -> date:
        if value > validation_today(info):
            raise ValueError("date of service cannot be in the future")
        return value

    @field_validator("telehealth_mode", "patient_location")
    @classmethod
    def _only_and_always_for_telehealth(cls, value: str | None, info: ValidationInfo) -> str | None:
        telehealth = info.data.get("telehealth", False)
        if telehealth and value is None:
            raise ValueError(f"{info.field_name} is required for a telehealth visit")
        if not telehealth and value is not None:
            raise ValueError(f"{info.field_name} applies only to telehealth visits")
        return value

    @field_validator("place_of_service")
    @classmethod
    def _known_and_consistent_place(cls, value: str, info: ValidationInfo) -> str:
        found = place_of_service(value)
        if found is None:
            raise ValueError("unknown CMS place-of-service code")
        if info.data.get("telehealth") and found.code not in TELEHEALTH_POS:
            raise ValueError("a telehealth visit is billed with place of service 02 or 10")
        # Patient at home -> 10, elsewhere -> 02: CMS pays these at different rates, so the two must agree.
        location = info.data.get("patient_location")
        if location == "home" and found.code != "10":
            raise ValueError("telehealth with the patient at home is place of service 10")
        if location == "other" and found.code != "02":
            raise ValueError("telehealth with the patient outside the home is place of service 02")
        return str(found.code)


class EncounterIntake(VisitDetails, DocumentedServices):
    """What the front desk submits: references to stored records plus the visit and its documentation."""

    patient_id: EntityId
    clinic_id: EntityId
    rendering_provider_id: EntityId
    coverage_ids: tuple[EntityId, ...] = Field(default=(), max_length=3)


class RegistrationProblem(DomainModel):
    """Why an encounter cannot be registered yet: a stable code, a message for people, the field path."""

    code: str = Field(min_length=1, max_length=64)
    message: str = Field(min_length=1, max_length=300)
    field: str | None = Field(default=None, max_length=200)


class Encounter(VisitDetails):
    """The aggregate: one document per encounter, with the last eligibility answer stored on it."""

    tenant_id: TenantId
    encounter_id: EntityId
    note_id: EntityId
    patient: Patient
    billing_provider: Clinic
    rendering_provider: Provider
    coverages: tuple[Coverage, ...] = Field(default=(), max_length=3)
    services: DocumentedServices = DocumentedServices()
    status: EncounterStatus = "awaiting_eligibility"
    eligibility: EligibilityResult | None = None
    problems: tuple[RegistrationProblem, ...] = ()
    work_item_id: EntityId | None = None
    processed_command_ids: tuple[str, ...] = ()
    """Ids of correction commands already applied: a redelivered command changes nothing."""

    @field_validator("date_of_service")
    @classmethod
    def _not_in_future(cls, value: date, info: ValidationInfo) -> date:
        # A stored encounter is re-read long after its visit; the future rule belongs to the intake only.
        return value

    @property
    def billing_coverage(self) -> Coverage | None:
        """The coverage billed first (primary if there is one)."""
        ordered = in_billing_order(self.coverages)
        return ordered[0] if ordered else None
