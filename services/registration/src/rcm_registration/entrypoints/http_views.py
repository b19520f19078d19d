"""Response bodies of the encounter and work-item routes: ids, status and problems (no demographics)."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from fastapi import HTTPException
from pydantic import BaseModel

from rcm_registration.domain.eligibility import EligibilityResult
from rcm_registration.domain.encounter import Encounter, EncounterStatus, RegistrationProblem

Found = TypeVar("Found")


def found_or_404(record: Found | None, kind: str) -> Found:
    """Another tenant's record is answered exactly like a missing one: its existence is not revealed."""
    if record is None:
        raise HTTPException(status_code=404, detail=f"no such {kind} for this tenant")
    return record


class EncounterView(BaseModel):
    encounter_id: str
    patient_id: str
    rendering_provider_id: str
    coverage_ids: tuple[str, ...]
    status: EncounterStatus
    date_of_service: date
    work_item_id: str | None
    problems: tuple[RegistrationProblem, ...]
    eligibility: EligibilityResult | None

    @classmethod
    def of(cls, encounter: Encounter) -> EncounterView:
        return cls(
            encounter_id=encounter.encounter_id,
            patient_id=encounter.patient.patient_id,
            rendering_provider_id=encounter.rendering_provider.provider_id,
            coverage_ids=tuple(coverage.coverage_id for coverage in encounter.coverages),
            status=encounter.status,
            date_of_service=encounter.date_of_service,
            work_item_id=encounter.work_item_id,
            problems=encounter.problems,
            eligibility=encounter.eligibility,
        )


class WorkItemView(BaseModel):
    """A front-desk work item: an incomplete encounter and what to fix on it."""

    work_item_id: str
    encounter_id: str
    patient_id: str
    date_of_service: date
    problems: tuple[RegistrationProblem, ...]

    @classmethod
    def of(cls, encounter: Encounter) -> WorkItemView:
        if encounter.work_item_id is None:
            raise ValueError("only an encounter with a work item is shown as one")
        return cls(
            work_item_id=encounter.work_item_id,
            encounter_id=encounter.encounter_id,
            patient_id=encounter.patient.patient_id,
            date_of_service=encounter.date_of_service,
            problems=encounter.problems,
        )


class CommandAccepted(BaseModel):
    """202 for a correction: the command is on its way to the encounter's writer.

    Named like the kit's CommandAccepted, but keeps the `encounter_id` field its callers read.
    """

    command_id: str
    encounter_id: str
