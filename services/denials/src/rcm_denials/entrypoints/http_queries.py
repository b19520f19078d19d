"""Read side over HTTP: work queues in working order, one case with its history, appeal letters, analytics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import PlainTextResponse, Response
from rcm_platform.http import ActingCaller, TenantId

from rcm_denials.adapters.case_queries import DenialCaseQueries
from rcm_denials.adapters.letter_pdf import letter_pdf
from rcm_denials.domain.billing_models import Team
from rcm_denials.domain.denial_facts import WorkQueue
from rcm_denials.domain.underpayment_analytics import underpaid_by_payer_and_code
from rcm_denials.domain.work_items import worklist
from rcm_denials.entrypoints.access import READERS
from rcm_denials.entrypoints.front_desk_scope import require_front_desk_case, require_front_desk_queue
from rcm_denials.entrypoints.http_common import ClaimPath
from rcm_denials.entrypoints.http_views import (
    DenialAnalytics,
    DenialCaseView,
    UnderpaymentAnalytics,
    WorkQueueView,
)
from rcm_denials.service.analytics_report import denial_record, denial_report
from rcm_denials.service.command_decisions import letter_document_id_for
from rcm_denials.service.ports import AppealLetters, ClaimLedger

AppealPath = Annotated[str, Path(pattern=r"^apl-[0-9a-f]{24}$")]
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


def query_routes(
    cases: DenialCaseQueries, letters: AppealLetters, ledger: ClaimLedger, clock: Callable[[], datetime]
) -> APIRouter:
    router = APIRouter(tags=["worklist"])

    @router.get("/work-queues/{queue}", response_model=WorkQueueView)
    async def work_queue(
        queue: WorkQueue,
        tenant_id: TenantId,
        caller: ActingCaller,
        team: Team | None = None,
        assignee: str | None = None,
    ) -> dict[str, Any]:
        """Open items of one queue: urgent deadlines first, then by amount at risk."""
        require_front_desk_queue(caller, READERS, queue)
        items = await cases.open_work_items(tenant_id, queue)
        ordered = worklist(items, clock().date(), queue=queue, team=team, assignee=assignee)
        return {"queue": queue.value, "items": ordered}

    @router.get(
        "/denials/{claim_id}", response_model=DenialCaseView, response_model_exclude={"processed_event_ids"}
    )
    async def denial_case(claim_id: ClaimPath, tenant_id: TenantId, caller: ActingCaller) -> dict[str, Any]:
        found = await cases.case(claim_id)
        if found is None or found[0].tenant_id != tenant_id:
            raise HTTPException(status_code=404, detail=f"no denial case for claim {claim_id}")
        require_front_desk_case(caller, READERS, found[0])
        case, context = found
        return {
            **case.model_dump(mode="json", exclude={"processed_event_ids"}),
            "context": context.model_dump(mode="json"),
        }

    @router.get("/appeals/{appeal_id}/letter", response_class=PlainTextResponse)
    async def appeal_letter(appeal_id: AppealPath, tenant_id: TenantId) -> str:
        letter = await letters.get(letter_document_id_for(appeal_id))
        if letter is None or letter["tenant_id"] != tenant_id:
            raise HTTPException(status_code=404, detail=f"no letter for appeal {appeal_id}")
        return str(letter["text"])

    @router.get(
        "/appeals/{appeal_id}/letter.pdf",
        response_class=Response,
        responses={200: {"content": {"application/pdf": {}}, "description": "The appeal letter as a PDF"}},
    )
    async def appeal_letter_pdf(appeal_id: AppealPath, tenant_id: TenantId) -> Response:
        text = await appeal_letter(appeal_id, tenant_id)
        return Response(letter_pdf(text), media_type="application/pdf")

    @router.get("/analytics", response_model=DenialAnalytics)
    async def analytics(
        tenant_id: TenantId,
        month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
        average_monthly_npsr: Annotated[Decimal | None, Query(gt=0, max_digits=13, decimal_places=2)] = None,
    ) -> dict[str, Any]:
        month = month or clock().strftime("%Y-%m")
        records = [denial_record(case, context) async for case, context in cases.cases_of(tenant_id)]
        return denial_report(
            records,
            month=month,
            remitted_claims=await ledger.remitted_count(tenant_id, month),
            submitted_by_month=await ledger.submitted_by_month(tenant_id),
            average_monthly_npsr=average_monthly_npsr,
        )

    @router.get("/analytics/underpayments", response_model=UnderpaymentAnalytics)
    async def underpayment_analytics(tenant_id: TenantId) -> dict[str, Any]:
        """Underpaid dollars (allowed below the clinic's contract) by payer and by code: found, recovered,
        written off, open."""
        return underpaid_by_payer_and_code([case async for case, _ in cases.cases_of(tenant_id)])

    return router
