"""Events published by registration (topic rcm.registration.events, key encounter_id) and its commands."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import Field

from rcm_schemas.codes import EntityId, Icd10Code, PlaceOfServiceCode
from rcm_schemas.envelope import Event
from rcm_schemas.events.claim_details import (
    CliaNumber,
    DelayReasonCode,
    EncounterLine,
    ProviderReference,
    RelatedCauses,
    ServiceSite,
)
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
from rcm_schemas.money import Money
from rcm_schemas.registry import register, register_upcaster
from rcm_schemas.vocabulary import TelehealthMode

NOTE_TEXT_MAX = 20_000  # keeps a message well under Kafka's 1 MB default even with a long visit note


class _FactsShare(Value):
    """Fields of every EncounterFacts version; the versions share no subclass link, so isinstance stays exact."""

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


class EncounterFactsV1(_FactsShare):
    """EncounterFacts as v1 of EncounterRegistered and EncounterCoded carried them (no 837P detail fields).
    Kept so the v1 schemas are exported and their golden samples can be (re)generated."""


class EncounterFacts(_FactsShare):
    """Everything about a visit that coding and the 837P need, besides the codes.

    Coding forwards this unchanged inside EncounterCoded, so claims can build the 837P from that one event.
    The fields after `eligibility` (new in v2 of both events) are optional: most office visits need none of them.
    """

    referring_provider: ProviderReference | None = None
    """2310A: required by many payers for labs, imaging, consults and therapy ordered by another clinician."""
    supervising_provider: ProviderReference | None = None
    """2310D: the supervising physician of an incident-to service."""
    service_site: ServiceSite | None = None
    """2310C: where the service was done when that is not the billing provider's address."""
    clia_number: CliaNumber | None = None
    """The clinic's CLIA certificate (REF*X4), required with a lab code."""
    related_causes: RelatedCauses | None = None
    """CLM11 and DTP*439: accident or employment related."""
    onset_date: date | None = None
    """DTP*431: onset of the current illness or symptom."""
    delay_reason_code: DelayReasonCode | None = None
    """CLM20: why the claim goes out late, when it does."""
    amount_paid_at_visit: Money | None = None
    """AMT*F5: what the patient paid toward this visit at the front desk (copay collected)."""


def facts_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """A v1 message of an event carrying EncounterFacts is a valid v2 message: every new field is optional
    and absent means "not known", which is what a v1 producer knew."""
    return dict(payload)


class _RegisteredShare(Event):
    """Fields of every EncounterRegistered version besides the facts and lines."""

    EVENT_TYPE: ClassVar[str] = "EncounterRegistered"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    patient_id: EntityId
    selected_diagnoses: tuple[Icd10Code, ...] = Field(default=(), max_length=12)
    """Diagnoses the provider chose, if any; whether they exist and are billable is coding's judgement."""
    note_id: EntityId
    note_text: str = Field(default="", max_length=NOTE_TEXT_MAX)


@register
class EncounterRegisteredV1(_RegisteredShare):
    """v1 of EncounterRegistered, before the 837P detail fields. Upcast unchanged (facts_v1_to_v2)."""

    facts: EncounterFactsV1
    selected_lines: tuple[SelectedLine, ...] = Field(default=(), max_length=50)


@register
class EncounterRegistered(_RegisteredShare):
    """A complete, eligible encounter: coding may start.

    The clinical note travels in the event (note_text, PHI) rather than as a reference: services learn about
    each other only through events, and coding must not call registration over HTTP to fetch it. Only coding
    consumes this event, and coding does not forward the note, so the note reaches no other service.

    v2: the facts may carry referring/supervising provider, service site, CLIA, related causes, onset date,
    delay reason and the amount paid at the visit; a selected line may carry its drug's NDC.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    facts: EncounterFacts
    selected_lines: tuple[EncounterLine, ...] = Field(default=(), max_length=50)


register_upcaster("EncounterRegistered", 1, facts_v1_to_v2)


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


@register
class CorrectCoverage(Event):
    """Command from the front desk: replace the coverage of a REGISTERED encounter (the payer said it is the
    wrong one, e.g. a CO-27 denial) and verify it with the payer; an incomplete encounter is fixed through its
    work item instead (CorrectRegistration). The coverage replaces the encounter's coverage of the same order."""

    EVENT_TYPE: ClassVar[str] = "CorrectCoverage"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    requested_by: str = Field(min_length=1, max_length=100)
    coverage: Coverage


@register
class EncounterCoverageCorrected(Event):
    """The front desk corrected a registered encounter's coverage and the payer confirmed it is active.

    Denials reads it to rebill a claim the old payer denied for coverage (CO-27 and the other eligibility
    codes): the new coverage goes to claims as a correction. It carries the coverage (member id is PHI, sealed on
    the broker) and no other patient data. `correction_id` is the command's id: a repeated request has the same.
    """

    EVENT_TYPE: ClassVar[str] = "EncounterCoverageCorrected"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    correction_id: str = Field(min_length=1, max_length=100)
    corrected_by: str = Field(min_length=1, max_length=100)
    coverage: Coverage
    """The encounter's billing coverage after the correction (its primary): the payer claims should bill."""
    eligibility: EligibilitySummary
    """The payer's answer for the corrected coverage on the date of service."""
