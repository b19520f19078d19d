"""Tenant configuration over HTTP: which team works which denial queue (in-house, outsourced or hybrid)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Path
from pydantic import BaseModel, ValidationError
from rcm_platform.http import ActingCaller, FieldProblem, TenantId, unprocessable
from rcm_schemas.codes import TENANT_ID_PATTERN

from rcm_denials.domain.billing_models import TYPICAL_HYBRID_OWNERS, BillingModel, Team, TenantBillingConfig
from rcm_denials.domain.denial_facts import WorkQueue
from rcm_denials.service.ports import BillingModels

TenantPath = Annotated[str, Path(pattern=TENANT_ID_PATTERN)]


class BillingModelBody(BaseModel):
    billing_model: BillingModel
    queue_owners: dict[WorkQueue, Team] | None = None
    """Hybrid only; omitted: the typical split (clinic: front desk, coding, patient billing)."""
    specialty_claims_team: Team | None = None


def _same_tenant(path_tenant: str, acting_tenant: str) -> None:
    # Another tenant's configuration is answered like a missing one: its existence is not revealed.
    if path_tenant != acting_tenant:
        raise HTTPException(status_code=404, detail="no such tenant configuration")


def billing_model_routes(billing_models: BillingModels) -> APIRouter:
    router = APIRouter(prefix="/tenants/{tenant_id}/billing-model", tags=["configuration"])

    @router.get("", response_model=TenantBillingConfig)
    async def get_billing_model(tenant_id: TenantPath, header_tenant: TenantId) -> TenantBillingConfig:
        _same_tenant(tenant_id, header_tenant)
        return await billing_models.get(tenant_id)

    @router.put("", response_model=TenantBillingConfig)
    async def put_billing_model(
        tenant_id: TenantPath,
        body: Annotated[BillingModelBody, Body()],
        header_tenant: TenantId,
        caller: ActingCaller,
    ) -> TenantBillingConfig:
        _same_tenant(tenant_id, header_tenant)
        current = await billing_models.get(tenant_id)
        owners = body.queue_owners
        if body.billing_model is BillingModel.HYBRID and owners is None:
            owners = dict(TYPICAL_HYBRID_OWNERS)
        try:
            changed = current.changed(
                billing_model=body.billing_model,
                queue_owners=owners,
                specialty_claims_team=body.specialty_claims_team,
                changed_by=caller.subject,
            )
        except ValidationError as error:  # the model and its owners contradict each other
            raise unprocessable(
                FieldProblem(("body", "queue_owners"), e["msg"]) for e in error.errors()
            ) from error
        await billing_models.put(changed)
        return changed

    return router
