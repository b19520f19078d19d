"""HTTP API of the claims service: claim lists and details, the biller's work items, edit and release.

Reads go straight to the read side; edits and releases of an existing claim are commands published to
rcm.claims.commands (202): the consumer that owns the claim's partition applies them, in order, so the HTTP
process never writes a claim concurrently with the consumer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import ValidationError
from rcm_platform import Service
from rcm_platform.http import (
    ActingCaller,
    FieldProblem,
    IdempotencyKey,
    PageLimit,
    PageOffset,
    TenantId,
    command_id,
    unprocessable,
)
from rcm_schemas.events.claim_details import SetHeldClaimDetails
from rcm_schemas.events.claims import ReleaseHeldClaim, UpdateHeldClaim

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.entrypoints.http_models import (
    ClaimDetail,
    ClaimSummary,
    CommandAccepted,
    EditHeldClaimBody,
    ReleaseHeldClaimBody,
    SetHeldClaimDetailsBody,
    WorkItemView,
)
from rcm_claims.service.ports import ClaimReads

Limit = PageLimit
Offset = PageOffset


HeldClaimCommand = UpdateHeldClaim | ReleaseHeldClaim | SetHeldClaimDetails


def claims_router(service: Service, queries: ClaimReads) -> APIRouter:
    router = APIRouter(tags=["claims"])

    async def held_claim(tenant_id: str, claim_id: str, work_item_id: str) -> ClaimRecord:
        record = await queries.claim(tenant_id, claim_id)
        if record is None:
            raise HTTPException(404, detail=f"claim {claim_id} not found")
        if record.status is not ClaimStatus.HELD or record.work_item is None:
            raise HTTPException(409, detail=f"claim {claim_id} is {record.status}, not held")
        if record.work_item.work_item_id != work_item_id:
            raise unprocessable([FieldProblem(("body", "work_item_id"), "not this claim's work item")])
        return record

    async def send(command: HeldClaimCommand, tenant_id: str, key: str | None) -> CommandAccepted:
        # The same Idempotency-Key gives the same command id, so a retried request is applied once.
        sent = await service.publish(command, tenant_id=tenant_id, idempotency_key=key)
        return CommandAccepted(command_id=str(sent), claim_id=command.claim_id)

    async def refused_unless_retried(
        tenant_id: str,
        claim_id: str,
        work_item_id: str,
        key: str | None,
        build: Callable[[], HeldClaimCommand],
    ) -> CommandAccepted | None:
        """The claim must exist and be held for this work item. A claim that moved on may be the doing of this
        very request, sent before with the same Idempotency-Key: then the first answer is given again."""
        try:
            await held_claim(tenant_id, claim_id, work_item_id)
            return None
        except HTTPException as refused:
            if refused.status_code != 409 or key is None:
                raise
            try:
                retried = command_id(tenant_id, build(), key)
            except ValidationError:
                raise refused from None
            if retried is None or await service.commands.find(tenant_id, str(retried)) is None:
                raise
            return CommandAccepted(command_id=str(retried), claim_id=claim_id)

    @router.get("/claims", response_model=list[ClaimSummary])
    async def list_claims(
        tenant_id: TenantId,
        status: ClaimStatus | None = None,
        payer_id: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[ClaimSummary]:
        states = await queries.list_claims(
            tenant_id,
            status=status.value if status else None,
            payer_id=payer_id,
            date_from=date_from,
            date_to=date_to,
            limit=limit,
            offset=offset,
        )
        return [ClaimSummary.from_state(state) for state in states]

    @router.get("/claims/{claim_id}", response_model=ClaimDetail)
    async def get_claim(claim_id: str, tenant_id: TenantId) -> ClaimDetail:
        record = await queries.claim(tenant_id, claim_id)
        if record is None:
            raise HTTPException(404, detail=f"claim {claim_id} not found")
        return ClaimDetail.from_record(record)

    @router.get("/claims/{claim_id}/837", response_class=PlainTextResponse)
    async def get_claim_837(claim_id: str, tenant_id: TenantId) -> str:
        record = await queries.claim(tenant_id, claim_id)
        if record is None or not record.x12_837p:
            raise HTTPException(404, detail=f"claim {claim_id} has no 837P")
        return record.x12_837p

    @router.get("/work-items", response_model=list[WorkItemView])
    async def list_work_items(
        tenant_id: TenantId,
        status: str | None = "open",
        payer_id: str | None = None,
        rule_id: str | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[WorkItemView]:
        states = await queries.list_work_items(
            tenant_id, status=status, payer_id=payer_id, rule_id=rule_id, limit=limit, offset=offset
        )
        return [WorkItemView.from_state(state) for state in states]

    @router.post("/claims/{claim_id}/edits", status_code=202, response_model=CommandAccepted)
    async def edit_held_claim(
        claim_id: str,
        body: EditHeldClaimBody,
        tenant_id: TenantId,
        caller: ActingCaller,
        idempotency_key: IdempotencyKey = None,
    ) -> CommandAccepted:
        def build() -> UpdateHeldClaim:
            return UpdateHeldClaim(
                claim_id=claim_id,
                work_item_id=body.work_item_id,
                requested_by=caller.subject,
                fixes=body.fixes,
            )

        key, item = idempotency_key, body.work_item_id
        if (answered := await refused_unless_retried(tenant_id, claim_id, item, key, build)) is not None:
            return answered
        return await send(build(), tenant_id, idempotency_key)

    @router.post("/claims/{claim_id}/details", status_code=202, response_model=CommandAccepted)
    async def set_held_claim_details(
        claim_id: str,
        body: SetHeldClaimDetailsBody,
        tenant_id: TenantId,
        caller: ActingCaller,
        idempotency_key: IdempotencyKey = None,
    ) -> CommandAccepted:
        def build() -> SetHeldClaimDetails:
            return SetHeldClaimDetails(
                claim_id=claim_id,
                work_item_id=body.work_item_id,
                requested_by=caller.subject,
                details=body.details,
            )

        key, item = idempotency_key, body.work_item_id
        if (answered := await refused_unless_retried(tenant_id, claim_id, item, key, build)) is not None:
            return answered
        return await send(build(), tenant_id, idempotency_key)

    @router.post("/claims/{claim_id}/release", status_code=202, response_model=CommandAccepted)
    async def release_held_claim(
        claim_id: str,
        body: ReleaseHeldClaimBody,
        tenant_id: TenantId,
        caller: ActingCaller,
        idempotency_key: IdempotencyKey = None,
    ) -> CommandAccepted:
        def build() -> ReleaseHeldClaim:
            return ReleaseHeldClaim(
                claim_id=claim_id,
                work_item_id=body.work_item_id,
                requested_by=caller.subject,
                accepted_rule_ids=body.accepted_rule_ids,
            )

        key, item = idempotency_key, body.work_item_id
        if (answered := await refused_unless_retried(tenant_id, claim_id, item, key, build)) is not None:
            return answered
        return await send(build(), tenant_id, idempotency_key)

    return router
