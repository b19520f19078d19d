"""HTTP routes for the front desk's work items: the list, one item, and its correction (a command, 202).

The correction is checked here (422 naming the field) and applied by the registration consumer, the
encounter's one writer, which re-verifies eligibility and publishes EncounterRegistered once it is fixed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from rcm_platform import Service

from rcm_registration.adapters.correction_command import correct_registration_command
from rcm_registration.adapters.encounter_repository import EncounterRepository
from rcm_registration.adapters.record_ids import encounter_id_of
from rcm_registration.adapters.record_repository import ReferenceRecords
from rcm_registration.api_models import CorrectRegistrationRequest, request_validation_error
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.cross_checks import FieldProblem, coverage_field_problems
from rcm_registration.domain.encounter import Encounter
from rcm_registration.entrypoints.http_headers import RequestedByHeader, TenantHeader
from rcm_registration.entrypoints.http_views import CommandAccepted, WorkItemView, found_or_404


async def corrected_coverage(
    body: CorrectRegistrationRequest, encounter: Encounter, records: ReferenceRecords
) -> CoverageDetails | None:
    """The request's coverage, or the stored coverage it names; 422 if it cannot cover the visit."""
    coverage: CoverageDetails | None = body.coverage
    prefix: tuple[str, ...] = ("coverage",)
    period_path: tuple[str, ...] = ("coverage", "termination_date")
    if coverage is None and body.coverage_id is not None:
        stored = await records.coverages.get(body.coverage_id, tenant_id=encounter.tenant_id)
        if stored is None or stored.patient_id != encounter.patient.patient_id:
            raise request_validation_error(
                [FieldProblem(("coverage_id",), "no such coverage for this patient", "not_found")]
            )
        coverage = CoverageDetails(**stored.model_dump(include=set(CoverageDetails.model_fields)))
        prefix = period_path = ("coverage_id",)
    if coverage is None:
        return None
    day = body.date_of_service or encounter.date_of_service
    problems = coverage_field_problems(coverage, day, prefix)
    # The command carries no coverage period, so one that cannot cover the visit is refused here.
    if not coverage.covers(day):
        message = "coverage does not cover the date of service"
        problems.append(FieldProblem(period_path, message, "outside_coverage_period"))
    if problems:
        raise request_validation_error(problems)
    return coverage


def add_work_item_routes(
    http: FastAPI, service: Service, encounters: EncounterRepository, records: ReferenceRecords
) -> None:
    async def open_item(work_item_id: str, tenant_id: str) -> Encounter:
        encounter_id = encounter_id_of(work_item_id)
        found = None if encounter_id is None else await encounters.get(encounter_id, tenant_id=tenant_id)
        encounter = found_or_404(found, "work item")
        if encounter.work_item_id != work_item_id:
            raise HTTPException(status_code=404, detail="no such work item for this tenant")
        return encounter

    @http.get("/work-items", tags=["work items"])
    async def list_work_items(
        tenant_id: TenantHeader, limit: Annotated[int, Query(ge=1, le=500)] = 100
    ) -> list[WorkItemView]:
        return [WorkItemView.of(e) for e in await encounters.incomplete(tenant_id=tenant_id, limit=limit)]

    @http.get("/work-items/{work_item_id}", tags=["work items"])
    async def get_work_item(work_item_id: str, tenant_id: TenantHeader) -> WorkItemView:
        encounter = await open_item(work_item_id, tenant_id)
        if encounter.status != "incomplete":
            raise HTTPException(status_code=404, detail="work item is closed")
        return WorkItemView.of(encounter)

    @http.post("/work-items/{work_item_id}/corrections", status_code=202, tags=["work items"])
    async def correct(
        work_item_id: str,
        body: CorrectRegistrationRequest,
        tenant_id: TenantHeader,
        requested_by: RequestedByHeader = "front-desk",
    ) -> CommandAccepted:
        encounter = await open_item(work_item_id, tenant_id)
        if encounter.status != "incomplete":
            raise HTTPException(
                status_code=409, detail=f"work item is closed: encounter is {encounter.status}"
            )
        coverage = await corrected_coverage(body, encounter, records)
        command = correct_registration_command(
            body, encounter=encounter, coverage=coverage, requested_by=requested_by
        )
        command_id = await service.publish(command, tenant_id=tenant_id)
        return CommandAccepted(command_id=str(command_id), encounter_id=encounter.encounter_id)
