"""HTTP route for the front desk's coverage correction of a registered encounter (a command, 202).

Checked at the door by the use case (404, 409 for an encounter that is not registered, 422 naming the field,
including the payer's own refusal), then applied by the registration consumer, the encounter's one writer.
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from rcm_platform.http import ActingCaller, IdempotencyKey, TenantId

from rcm_registration.entrypoints.api_models import CoverageCorrectionRequest, unprocessable_body
from rcm_registration.entrypoints.http_views import CommandAccepted
from rcm_registration.service.coverage_correction import (
    CoverageCorrections,
    CoverageRejected,
    EncounterNotFound,
    EncounterNotRegistered,
)


def add_coverage_correction_route(http: FastAPI, corrections: CoverageCorrections) -> None:
    @http.post("/encounters/{encounter_id}/coverage-corrections", status_code=202, tags=["encounters"])
    async def correct_coverage(
        encounter_id: str,
        body: CoverageCorrectionRequest,
        tenant_id: TenantId,
        caller: ActingCaller,
        idempotency_key: IdempotencyKey = None,
    ) -> CommandAccepted:
        """Replace a registered encounter's coverage (e.g. after a CO-27 denial); its author comes from the token."""
        try:
            requested = await corrections.request(
                encounter_id,
                body.coverage,
                tenant_id=tenant_id,
                requested_by=caller.subject,
                idempotency_key=idempotency_key,
            )
        except EncounterNotFound as missing:
            raise HTTPException(status_code=404, detail=str(missing)) from None
        except EncounterNotRegistered as not_registered:
            raise HTTPException(status_code=409, detail=str(not_registered)) from None
        except CoverageRejected as rejected:
            raise unprocessable_body(rejected.problems) from None
        return CommandAccepted(command_id=requested.command_id, encounter_id=requested.encounter_id)
