"""The front desk's fix for an incomplete encounter (CorrectRegistration), applied to the aggregate."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from rcm_schemas import X12Text
from rcm_schemas.codes import EntityId

from rcm_registration.domain.base import DomainModel
from rcm_registration.domain.coverage import Coverage, CoverageDetails, in_billing_order
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.people import Patient, PersonDemographics


class CorrectionFields(DomainModel):
    """The fields the front desk fixed on a work item (POST /work-items/{work_item_id}/corrections).

    `coverage_id` names a stored coverage of the patient instead of a new `coverage`.
    """

    coverage: CoverageDetails | None = None
    coverage_id: EntityId | None = None
    patient: PersonDemographics | None = None
    date_of_service: date | None = None
    prior_authorization_number: X12Text | None = Field(default=None, min_length=1, max_length=50)


class RegistrationCorrection(DomainModel):
    """Only the parts that change are set. A coverage replaces the encounter's coverage of the same order."""

    command_id: str = Field(min_length=1, max_length=100)
    """The idempotency key: the command's event_id, or the HTTP Idempotency-Key."""
    work_item_id: EntityId
    requested_by: str = Field(min_length=1, max_length=100)
    coverage: CoverageDetails | None = None
    coverage_id: EntityId | None = None
    """Id for a coverage the encounter did not have yet; a replaced coverage keeps its id."""
    patient: PersonDemographics | None = None
    date_of_service: date | None = None
    prior_authorization_number: X12Text | None = Field(default=None, min_length=1, max_length=50)


def _corrected_coverages(encounter: Encounter, correction: RegistrationCorrection) -> tuple[Coverage, ...]:
    details = correction.coverage
    if details is None:
        return encounter.coverages
    replaced = next((c for c in encounter.coverages if c.coverage_order == details.coverage_order), None)
    fallback_id = f"cov-{correction.command_id}"[:64]
    coverage_id = replaced.coverage_id if replaced else (correction.coverage_id or fallback_id)
    corrected = Coverage(
        **dict(details),
        tenant_id=encounter.tenant_id,
        coverage_id=coverage_id,
        patient_id=encounter.patient.patient_id,
    )
    others = tuple(c for c in encounter.coverages if c.coverage_order != details.coverage_order)
    return in_billing_order((*others, corrected))


def apply_correction(encounter: Encounter, correction: RegistrationCorrection) -> Encounter:
    """The encounter with the corrected data, awaiting a fresh eligibility check (the old answer is stale)."""
    patient = encounter.patient
    if correction.patient is not None:
        patient = Patient(
            **dict(correction.patient), tenant_id=patient.tenant_id, patient_id=patient.patient_id
        )
    changes: dict[str, object] = {
        "patient": patient,
        "coverages": _corrected_coverages(encounter, correction),
        "status": "awaiting_eligibility",
        "eligibility": None,
        "processed_command_ids": (*encounter.processed_command_ids, correction.command_id),
    }
    if correction.date_of_service is not None:
        changes["date_of_service"] = correction.date_of_service
    if correction.prior_authorization_number is not None:
        changes["prior_authorization_number"] = correction.prior_authorization_number
    # Re-validate the whole aggregate: a correction must not smuggle in a combination the intake would refuse.
    return Encounter.model_validate({**dict(encounter), **changes})
