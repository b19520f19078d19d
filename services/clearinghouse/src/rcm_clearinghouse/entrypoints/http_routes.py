"""HTTP: the simulated clock (read, advance) and read models of submissions and remittances."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from rcm_platform.http import TenantId

from rcm_clearinghouse.entrypoints.http_models import (
    AdvanceRequest,
    ClockAdvanced,
    SimulatedToday,
    SubmissionView,
    submission_view,
)
from rcm_clearinghouse.service.queries import ClearinghouseQueries
from rcm_clearinghouse.service.simulated_time import SimulatedTime

X12_MEDIA_TYPE = "application/edi-x12"


def _not_found(kind: str) -> HTTPException:
    # Another tenant's record is answered exactly like a missing one: its existence is not revealed.
    return HTTPException(status_code=404, detail=f"no such {kind} for this tenant")


def add_routes(http: FastAPI, time: SimulatedTime, queries: ClearinghouseQueries) -> None:
    @http.get("/simulator/clock")
    async def read_clock() -> SimulatedToday:
        return SimulatedToday(today=await time.today())

    @http.post("/simulator/advance")
    async def advance(body: AdvanceRequest) -> ClockAdvanced:
        advanced = await time.advance(body.days)
        return ClockAdvanced(
            today=advanced.today, released=advanced.released, followed_up=advanced.followed_up
        )

    @http.get("/submissions/{claim_id}", response_model_exclude_unset=True)
    async def submission(claim_id: str, tenant_id: TenantId) -> SubmissionView:
        report = await queries.submission(claim_id, tenant_id)
        if report is None:
            raise _not_found("submission")
        return submission_view(report)

    @http.get(
        "/remittances/{trace_number}",
        response_class=PlainTextResponse,
        responses={200: {"content": {X12_MEDIA_TYPE: {}}, "description": "The 835 file as received."}},
    )
    async def remittance(trace_number: str, tenant_id: TenantId) -> PlainTextResponse:
        text = await queries.remittance_835(trace_number, tenant_id)
        if text is None:
            raise _not_found("remittance")
        return PlainTextResponse(text, media_type=X12_MEDIA_TYPE)
