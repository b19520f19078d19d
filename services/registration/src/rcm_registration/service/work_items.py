"""Use cases of the front desk's work items: open one, and request its correction (a command, applied later).

The correction is checked here (problems naming the field) and applied by the registration consumer, the
encounter's one writer, which re-verifies eligibility and publishes EncounterRegistered once it is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm_registration.domain.correction import CorrectionFields
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.cross_checks import FieldPath, FieldProblem, coverage_field_problems
from rcm_registration.domain.encounter import Encounter, encounter_id_of
from rcm_registration.service.ports import (
    CorrectionCommands,
    EncounterStore,
    IncompleteEncounters,
    ReferenceRecords,
)


class WorkItemNotFound(LookupError):
    """No such work item for this tenant, or it is closed (`reason` says which, for the 404)."""


class WorkItemClosed(Exception):
    """A correction for a work item whose encounter is no longer incomplete."""

    def __init__(self, encounter: Encounter) -> None:
        super().__init__(f"work item is closed: encounter is {encounter.status}")


class CorrectionRejected(Exception):
    """The correction cannot be applied as sent: nothing was sent, the caller answers 422."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"{len(problems)} correction problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class CorrectionRequested:
    command_id: str
    encounter_id: str


class WorkItems:
    def __init__(
        self,
        encounters: EncounterStore,
        incomplete: IncompleteEncounters,
        records: ReferenceRecords,
        commands: CorrectionCommands,
    ) -> None:
        self._encounters = encounters
        self._incomplete = incomplete
        self._records = records
        self._commands = commands

    async def open_items(self, *, tenant_id: str, limit: int) -> list[Encounter]:
        return await self._incomplete.incomplete(tenant_id=tenant_id, limit=limit)

    async def encounter_of(self, work_item_id: str, *, tenant_id: str) -> Encounter:
        """The encounter whose work item this is (open or closed); WorkItemNotFound otherwise."""
        encounter_id = encounter_id_of(work_item_id)
        found = (
            None if encounter_id is None else await self._encounters.get(encounter_id, tenant_id=tenant_id)
        )
        if found is None or found.work_item_id != work_item_id:
            raise WorkItemNotFound("no such work item for this tenant")
        return found

    async def open_item(self, work_item_id: str, *, tenant_id: str) -> Encounter:
        encounter = await self.encounter_of(work_item_id, tenant_id=tenant_id)
        if encounter.status != "incomplete":
            raise WorkItemNotFound("work item is closed")
        return encounter

    async def request_correction(
        self, work_item_id: str, fields: CorrectionFields, *, tenant_id: str, requested_by: str
    ) -> CorrectionRequested:
        encounter = await self.encounter_of(work_item_id, tenant_id=tenant_id)
        if encounter.status != "incomplete":
            raise WorkItemClosed(encounter)
        coverage = await self._corrected_coverage(fields, encounter)
        command_id = await self._commands.send(
            encounter, fields, coverage=coverage, requested_by=requested_by
        )
        return CorrectionRequested(command_id=command_id, encounter_id=encounter.encounter_id)

    async def _corrected_coverage(
        self, fields: CorrectionFields, encounter: Encounter
    ) -> CoverageDetails | None:
        """The request's coverage, or the stored coverage it names; rejected if it cannot cover the visit."""
        coverage: CoverageDetails | None = fields.coverage
        prefix: FieldPath = ("coverage",)
        period_path: FieldPath = ("coverage", "termination_date")
        if coverage is None and fields.coverage_id is not None:
            stored = await self._records.coverages.get(fields.coverage_id, tenant_id=encounter.tenant_id)
            if stored is None or stored.patient_id != encounter.patient.patient_id:
                raise CorrectionRejected(
                    [FieldProblem(("coverage_id",), "no such coverage for this patient", "not_found")]
                )
            coverage = CoverageDetails(**stored.model_dump(include=set(CoverageDetails.model_fields)))
            prefix = period_path = ("coverage_id",)
        if coverage is None:
            return None
        day = fields.date_of_service or encounter.date_of_service
        problems = coverage_field_problems(coverage, day, prefix)
        # The command carries no coverage period, so one that cannot cover the visit is refused here.
        if not coverage.covers(day):
            message = "coverage does not cover the date of service"
            problems.append(FieldProblem(period_path, message, "outside_coverage_period"))
        if problems:
            raise CorrectionRejected(problems)
        return coverage
