"""HTTP routes for encounters: create (validate, verify eligibility, store with its event) and read."""

from __future__ import annotations

from fastapi import FastAPI
from rcm_platform.http import IdempotencyKey, TenantId

from rcm_registration.entrypoints.api_models import EncounterCreate, unprocessable_body
from rcm_registration.entrypoints.http_views import EncounterView, found_or_404
from rcm_registration.service.encounter_admission import EncounterAdmission, IntakeRejected
from rcm_registration.service.ports import EncounterStore


def add_encounter_routes(http: FastAPI, admission: EncounterAdmission, encounters: EncounterStore) -> None:
    @http.post("/encounters", status_code=201, tags=["encounters"])
    async def create_encounter(
        body: EncounterCreate, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> EncounterView:
        try:
            encounter = await admission.admit(body, tenant_id=tenant_id, idempotency_key=idempotency_key)
        except IntakeRejected as rejected:
            raise unprocessable_body(rejected.problems) from None
        return EncounterView.of(encounter)

    @http.get("/encounters/{encounter_id}", tags=["encounters"])
    async def get_encounter(encounter_id: str, tenant_id: TenantId) -> EncounterView:
        encounter = await encounters.get(encounter_id, tenant_id=tenant_id)
        return EncounterView.of(found_or_404(encounter, "encounter"))
