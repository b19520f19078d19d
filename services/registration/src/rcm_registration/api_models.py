"""HTTP request bodies and the 422 shape for rules pydantic cannot check alone.

The bodies are the domain's own "details" models, so every field-local rule (NPI check digit, state, ZIP,
birth date, relationship code, ...) fails inside FastAPI's request validation with loc ["body", <field>].
Cross-object rules come back from the domain as FieldProblems; `request_validation_error` raises them as a
RequestValidationError, so FastAPI's default handler answers them in exactly the same 422 shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import Field

from rcm_registration.domain.base import DomainModel, EntityId
from rcm_registration.domain.correction import RegistrationCorrection
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.cross_checks import FieldProblem
from rcm_registration.domain.encounter import EncounterIntake
from rcm_registration.domain.people import PersonDemographics
from rcm_registration.domain.providers import ClinicDetails, ProviderDetails


class ClinicCreate(ClinicDetails):
    """POST /clinics"""


class ProviderCreate(ProviderDetails):
    """POST /providers"""


class PatientCreate(PersonDemographics):
    """POST /patients"""


class CoverageCreate(CoverageDetails):
    """POST /patients/{patient_id}/coverages; member id per payer is checked by coverage_field_problems."""


class EncounterCreate(EncounterIntake):
    """POST /encounters; references are resolved and cross-checked by service.encounter_intake."""


class CorrectRegistrationRequest(DomainModel):
    """POST /work-items/{work_item_id}/corrections: the fields the front desk fixed."""

    coverage: CoverageDetails | None = None
    coverage_id: EntityId | None = None
    patient: PersonDemographics | None = None
    date_of_service: date | None = None
    prior_authorization_number: str | None = Field(default=None, min_length=1, max_length=50)

    def to_correction(
        self, *, command_id: str, work_item_id: str, requested_by: str
    ) -> RegistrationCorrection:
        return RegistrationCorrection(
            **dict(self), command_id=command_id, work_item_id=work_item_id, requested_by=requested_by
        )


def unprocessable_detail(problems: Sequence[FieldProblem]) -> list[dict[str, Any]]:
    """FastAPI's 422 `detail` items for domain problems. The input is never echoed: it may be PHI."""
    return [
        {"type": problem.code, "loc": ["body", *problem.path], "msg": problem.message, "input": None}
        for problem in problems
    ]


def request_validation_error(problems: Sequence[FieldProblem]) -> RequestValidationError:
    """Raise the result in a route: FastAPI's handler turns it into the same 422 its own validation gives."""
    return RequestValidationError(unprocessable_detail(problems))
