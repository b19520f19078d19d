"""HTTP request bodies, and the domain's cross-object problems as the kit's 422.

The bodies are the domain's own "details" models, so every field-local rule (NPI check digit, state, ZIP,
birth date, relationship code, ...) fails inside FastAPI's request validation with loc ["body", <field>].
Cross-object rules come back from the domain as FieldProblems; `unprocessable_body` raises them through
the kit's `unprocessable`, so they answer in exactly the same 422 shape.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, field_validator
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


class CoverageCorrectionRequest(BaseModel):
    """POST /encounters/{encounter_id}/coverage-corrections: the coverage a registered encounter should have
    had (it replaces the encounter's coverage of the same order)."""

    coverage: CoverageDetails


def unprocessable_body(problems: Sequence[FieldProblem]) -> RequestValidationError:
    """Raise the result in a route: the problems' paths are relative to the request body."""
    return http.unprocessable(
        http.FieldProblem(("body", *problem.path), problem.message, problem.code) for problem in problems
    )


MAX_ENCOUNTERS_PER_BATCH = 100
"""One request's worth: large enough to carry a feed at speed, small enough to answer within the deadline."""


class EncounterBatchItem(BaseModel):
    idempotency_key: str = Field(min_length=1, max_length=http.MAX_IDEMPOTENCY_KEY_LENGTH)
    """The item's own key: a retried batch registers each encounter once, as Idempotency-Key does alone."""
    encounter: EncounterCreate


class EncounterBatchCreate(BaseModel):
    """POST /encounters:batch: each item is registered (or rejected) on its own, in order."""

    items: list[EncounterBatchItem] = Field(min_length=1, max_length=MAX_ENCOUNTERS_PER_BATCH)

    @field_validator("items")
    @classmethod
    def keys_are_unique(cls, items: list[EncounterBatchItem]) -> list[EncounterBatchItem]:
        keys = [item.idempotency_key for item in items]
        if len(set(keys)) != len(keys):
            raise ValueError("each item needs its own idempotency_key")
        return items
