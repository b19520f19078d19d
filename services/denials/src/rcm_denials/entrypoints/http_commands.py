"""Worklist actions over HTTP: each becomes a command on rcm.denials.commands, applied by the case's owner.

They answer 202 with the command id: the case changes when its consumer applies the command, in the
claim's partition order, so a request never races the denial and payment events of the same claim.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException
from pydantic import BaseModel, Field, field_validator
from rcm_platform.http import (
    ActingCaller,
    FieldProblem,
    IdempotencyKey,
    TenantId,
    command_id,
    unprocessable,
)
from rcm_schemas import Event, MoneyInput
from rcm_schemas.codes import EntityId
from rcm_schemas.events.denials import (
    AssignWorkItem,
    CarcCategory,
    FileAppeal,
    ReclassifyDenial,
    ResolveDenial,
    WorkQueue,
    WriteOffDenial,
)
from rcm_schemas.events.fixes import ClaimFix

from rcm_denials.adapters.case_queries import DenialCaseQueries
from rcm_denials.entrypoints.access import WORKERS
from rcm_denials.entrypoints.front_desk_scope import require_front_desk_case
from rcm_denials.entrypoints.http_common import ClaimPath
from rcm_denials.service.case_documents import case_of
from rcm_denials.service.door_checks import DoorRefusal, check_at_the_door
from rcm_denials.service.ports import CommandSender

Clock = Callable[[], datetime]

Actor = Annotated[str, Field(min_length=1, max_length=100)]
# Who sends a command is the token's subject (`requested_by`), never a field of the body.
# The values of ResolveDenial.resolution; the command's own validation rejects any drift between the two.
Resolution = Literal["corrected", "recovered", "patient_billed", "secondary_billed", "no_action"]


class AssignBody(BaseModel):
    work_item_id: EntityId
    assignee: Actor
    queue: WorkQueue | None = None


class ResolveBody(BaseModel):
    work_item_id: EntityId
    resolution: Resolution
    fixes: tuple[ClaimFix, ...] = ()


class AppealBody(BaseModel):
    work_item_id: EntityId
    argument: str | None = Field(default=None, max_length=5000)


class WriteOffBody(BaseModel):
    work_item_id: EntityId
    amount: MoneyInput | None = None
    """Part of the open balance to write off (all of it when absent): more than 0, at most what is open."""
    reason: str = Field(min_length=1, max_length=300)

    @field_validator("amount")
    @classmethod
    def _positive(cls, amount: Decimal | None) -> Decimal | None:
        if amount is not None and amount <= 0:
            raise ValueError("a write-off amount must be more than 0")
        return amount


class ReclassifyBody(BaseModel):
    work_item_id: EntityId
    category: CarcCategory
    """Our category for the CARC the review is about (rcm_codesets carc_categories): an unknown one is a 422."""


class CommandSent(BaseModel):
    """202: the command is on rcm.denials.commands; the case's owner applies it once, in order."""

    command_id: str


REFUSALS: dict[int | str, dict[str, Any]] = {
    404: {"description": "no denial case for this claim (or another tenant's)"},
    409: {"description": "the case's state refuses the command (it moved on, is closed, or the loop guard)"},
}


def command_routes(
    commands: CommandSender, cases: DenialCaseQueries, *, attempt_limit: int, clock: Clock
) -> APIRouter:
    router = APIRouter(prefix="/denials/{claim_id}", tags=["worklist"], responses=REFUSALS)

    async def send(command: Event, tenant_id: str, key: str | None) -> CommandSent:
        # Refused before anything is published, by the decision the case's owner will take on the case as
        # stored now (service/door_checks.py); another tenant's case is answered as an absent one.
        claim_id: str = command.claim_id  # type: ignore[attr-defined]
        retried_id = command_id(tenant_id, command, key)
        try:
            check_at_the_door(
                await cases.state(claim_id),
                command,
                tenant_id,
                attempt_limit=attempt_limit,
                at=clock(),
                command_id=None if retried_id is None else str(retried_id),
            )
        except DoorRefusal as refused:
            if refused.field is not None:
                raise unprocessable([FieldProblem(("body", refused.field), refused.message)]) from None
            raise HTTPException(status_code=refused.status, detail=refused.message) from None
        sent = await commands.publish(command, tenant_id=tenant_id, idempotency_key=key)
        return CommandSent(command_id=str(sent))

    @router.post("/assignments", status_code=202, response_model=CommandSent)
    async def assign(
        claim_id: ClaimPath,
        body: Annotated[AssignBody, Body()],
        tenant_id: TenantId,
        caller: ActingCaller,
        key: IdempotencyKey = None,
    ) -> CommandSent:
        command = AssignWorkItem(claim_id=claim_id, requested_by=caller.subject, **body.model_dump())
        return await send(command, tenant_id, key)

    @router.post("/resolutions", status_code=202, response_model=CommandSent)
    async def resolve(
        claim_id: ClaimPath,
        body: Annotated[ResolveBody, Body()],
        tenant_id: TenantId,
        caller: ActingCaller,
        key: IdempotencyKey = None,
    ) -> CommandSent:
        state = await cases.state(claim_id)
        require_front_desk_case(caller, WORKERS, None if state is None else case_of(state))
        command = ResolveDenial(
            claim_id=claim_id,
            work_item_id=body.work_item_id,
            resolution=body.resolution,
            fixes=body.fixes,
            requested_by=caller.subject,
        )
        return await send(command, tenant_id, key)

    @router.post("/appeals", status_code=202, response_model=CommandSent)
    async def file_appeal(
        claim_id: ClaimPath,
        body: Annotated[AppealBody, Body()],
        tenant_id: TenantId,
        caller: ActingCaller,
        key: IdempotencyKey = None,
    ) -> CommandSent:
        command = FileAppeal(claim_id=claim_id, requested_by=caller.subject, **body.model_dump())
        return await send(command, tenant_id, key)

    @router.post("/write-offs", status_code=202, response_model=CommandSent)
    async def write_off(
        claim_id: ClaimPath,
        body: Annotated[WriteOffBody, Body()],
        tenant_id: TenantId,
        caller: ActingCaller,
        key: IdempotencyKey = None,
    ) -> CommandSent:
        amount: Decimal | None = body.amount
        command = WriteOffDenial(
            claim_id=claim_id,
            work_item_id=body.work_item_id,
            amount=amount,
            reason=body.reason,
            requested_by=caller.subject,
        )
        return await send(command, tenant_id, key)

    @router.post("/reclassifications", status_code=202, response_model=CommandSent)
    async def reclassify(
        claim_id: ClaimPath,
        body: Annotated[ReclassifyBody, Body()],
        tenant_id: TenantId,
        caller: ActingCaller,
        key: IdempotencyKey = None,
    ) -> CommandSent:
        """Give an unrecognised CARC (a DEN-CARC-UNRECOGNISED review) one of our categories."""
        command = ReclassifyDenial(claim_id=claim_id, requested_by=caller.subject, **body.model_dump())
        return await send(command, tenant_id, key)

    return router
