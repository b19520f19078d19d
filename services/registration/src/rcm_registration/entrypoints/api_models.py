"""HTTP request bodies, and the domain's cross-object problems as the kit's 422.

The bodies are the domain's own "details" models, so every field-local rule (NPI check digit, state, ZIP,
birth date, relationship code, ...) fails inside FastAPI's request validation with loc ["body", <field>].
Cross-object rules come back from the domain as FieldProblems; `unprocessable_body` raises them through
the kit's `unprocessable`, so they answer in exactly the same 422 shape.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi.exceptions import RequestValidationError
from rcm_platform import http

from rcm_registration.domain.correction import CorrectionFields
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


class CorrectRegistrationRequest(CorrectionFields):
    """POST /work-items/{work_item_id}/corrections: the fields the front desk fixed."""


def unprocessable_body(problems: Sequence[FieldProblem]) -> RequestValidationError:
    """Raise the result in a route: the problems' paths are relative to the request body."""
    return http.unprocessable(
        http.FieldProblem(("body", *problem.path), problem.message, problem.code) for problem in problems
    )
