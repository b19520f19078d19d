"""Events published by registration (topic rcm.registration.events, key encounter_id) and its commands."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from rcm_schemas.codes import EntityId, Icd10Code, PlaceOfServiceCode
from rcm_schemas.envelope import Event
from rcm_schemas.events.common import (
    BillingProvider,
    Coverage,
    EligibilitySummary,
    OtherCoverage,
    PatientLocation,
    PersonDemographics,
    RenderingProvider,
    SelectedLine,
    Value,
)
from rcm_schemas.registry import register
from rcm_schemas.vocabulary import TelehealthMode

NOTE_TEXT_MAX = 20_000  # keeps a message well under Kafka's 1 MB default even with a long visit note


class EncounterFacts(Value):
    """Everything about a visit that coding and the 837P need, besides the codes.

    Coding forwards this unchanged inside EncounterCoded, so claims can build the 837P from that one event.
    """

    clinic_id: EntityId
    billing_provider: BillingProvider
    rendering_provider: RenderingProvider
    coverage: Coverage
    other_coverages: tuple[OtherCoverage, ...] = ()
    patient: PersonDemographics
    date_of_service: date
    place_of_service: PlaceOfServiceCode
    telehealth: bool = False
    telehealth_mode: TelehealthMode | None = None
    patient_location: PatientLocation | None = None
    """Set for telehealth visits: home -> POS 10, other -> POS 02."""
    prior_authorization_number: str | None = Field(default=None, max_length=50)
    eligibility: EligibilitySummary


@register
class EncounterRegistered(Event):
    """A complete, eligible encounter: coding may start.

    The clinical note travels in the event (note_text, PHI) rather than as a reference: services learn about
    each other only through events, and coding must not call registration over HTTP to fetch it. Only coding
    consumes this event, and coding does not forward the note, so the note reaches no other service.
    """

    EVENT_TYPE: ClassVar[str] = "EncounterRegistered"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    patient_id: EntityId
    facts: EncounterFacts
    selected_diagnoses: tuple[Icd10Code, ...] = Field(default=(), max_length=12)
    """Diagnoses the provider chose, if any; whether they exist and are billable is coding's judgement."""
    selected_lines: tuple[SelectedLine, ...] = Field(default=(), max_length=50)
    note_id: EntityId
    note_text: str = Field(default="", max_length=NOTE_TEXT_MAX)


class RegistrationProblem(Value):
    """Why an encounter cannot be registered yet; code is stable (e.g. "coverage_inactive"), message is for
    people.
    """

    code: str = Field(min_length=1, max_length=64)
    message: str = Field(min_length=1, max_length=300)
    field: str | None = Field(default=None, max_length=200)
    """Path of the offending input field, e.g. "coverage.member_id" (the path, never the value)."""


@register
class RegistrationIncomplete(Event):
    """Eligibility failed or data is missing: a front-desk work item exists and no claim will be built yet."""

    EVENT_TYPE: ClassVar[str] = "RegistrationIncomplete"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    patient_id: EntityId
    work_item_id: EntityId
    problems: tuple[RegistrationProblem, ...] = Field(min_length=1)
    eligibility: EligibilitySummary | None = None


@register
class CorrectRegistration(Event):
    """Command from the front-desk queue: fix the encounter's data, re-verify eligibility, then register."""

    EVENT_TYPE: ClassVar[str] = "CorrectRegistration"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    work_item_id: EntityId
    requested_by: str = Field(min_length=1, max_length=100)
    coverage: Coverage | None = None
    patient: PersonDemographics | None = None
    date_of_service: date | None = None
    prior_authorization_number: str | None = Field(default=None, max_length=50)
