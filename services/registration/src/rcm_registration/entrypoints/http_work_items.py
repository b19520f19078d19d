"""HTTP routes for the front desk's work items: the list, one item, and its correction (a command, 202).

The correction is checked by the use case (422 naming the field) and applied later by the registration
consumer, the encounter's one writer.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from rcm_platform.http import ActingCaller, TenantId

from rcm_registration.entrypoints.api_models import CorrectRegistrationRequest, unprocessable_body
from rcm_registration.entrypoints.http_views import CommandAccepted, WorkItemView
from rcm_registration.service.work_items import (
    CorrectionRejected,
    WorkItemClosed,
    WorkItemNotFound,
    WorkItems,
)


def add_work_item_routes(http: FastAPI, work_items: WorkItems) -> None:
    @http.get("/work-items", tags=["work items"])
    async def list_work_items(
        tenant_id: TenantId, limit: Annotated[int, Query(ge=1, le=500)] = 100
    ) -> list[WorkItemView]:
        return [WorkItemView.of(e) for e in await work_items.open_items(tenant_id=tenant_id, limit=limit)]

    @http.get("/work-items/{work_item_id}", tags=["work items"])
    async def get_work_item(work_item_id: str, tenant_id: TenantId) -> WorkItemView:
        try:
            return WorkItemView.of(await work_items.open_item(work_item_id, tenant_id=tenant_id))
        except WorkItemNotFound as missing:
            raise HTTPException(status_code=404, detail=str(missing)) from None

    @http.post("/work-items/{work_item_id}/corrections", status_code=202, tags=["work items"])
    async def correct(
        work_item_id: str,
        body: CorrectRegistrationRequest,
        tenant_id: TenantId,
        caller: ActingCaller,
    ) -> CommandAccepted:
        """The correction names its author from the token (the command's `requested_by`)."""
        try:
            requested = await work_items.request_correction(
                work_item_id, body, tenant_id=tenant_id, requested_by=caller.subject
            )
        except WorkItemNotFound as missing:
            raise HTTPException(status_code=404, detail=str(missing)) from None
        except WorkItemClosed as closed:
            raise HTTPException(status_code=409, detail=str(closed)) from None
        except CorrectionRejected as rejected:
            raise unprocessable_body(rejected.problems) from None
        return CommandAccepted(command_id=requested.command_id, encounter_id=requested.encounter_id)
