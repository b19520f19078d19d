"""HTTP routes for encounters: create (validate, verify eligibility, store with its event) and read."""

from __future__ import annotations

from fastapi import FastAPI

from rcm_registration.adapters.encounter_repository import EncounterRepository
from rcm_registration.api_models import EncounterCreate, request_validation_error
from rcm_registration.entrypoints.http_headers import IdempotencyHeader, TenantHeader
from rcm_registration.entrypoints.http_views import EncounterView, found_or_404
from rcm_registration.service.encounter_admission import EncounterAdmission, IntakeRejected


def add_encounter_routes(
    http: FastAPI, admission: EncounterAdmission, encounters: EncounterRepository
) -> None:
    @http.post("/encounters", status_code=201, tags=["encounters"])
    async def create_encounter(
        body: EncounterCreate, tenant_id: TenantHeader, key: IdempotencyHeader = None
    ) -> EncounterView:
        try:
            encounter = await admission.admit(body, tenant_id=tenant_id, idempotency_key=key)
        except IntakeRejected as rejected:
            raise request_validation_error(rejected.problems) from None
        return EncounterView.of(encounter)

    @http.get("/encounters/{encounter_id}", tags=["encounters"])
    async def get_encounter(encounter_id: str, tenant_id: TenantHeader) -> EncounterView:
        encounter = await encounters.get(encounter_id, tenant_id=tenant_id)
        return EncounterView.of(found_or_404(encounter, "encounter"))
