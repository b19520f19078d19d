"""HTTP API of the read model. The tenant comes from the caller's token; `all_tenants` widens a report to every
tenant the token holds (a billing company's clinics), never beyond."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from rcm_platform.http import ActingCaller, TenantId

from rcm_analytics.domain.scope import ReportScope
from rcm_analytics.entrypoints.http_views import (
    ClaimTimelineView,
    DenialReport,
    KpiReport,
    MonthlyReport,
    MonthReport,
    RebuildReport,
    TimelineEntryView,
)
from rcm_analytics.service.ports import TopicReplay
from rcm_analytics.service.recording import EventRecorder
from rcm_analytics.service.reports import Reports

NPI = r"^\d{10}$"
PAYER = r"^[A-Za-z0-9]{1,20}$"


def _scope(
    payer_id: Annotated[str | None, Query(pattern=PAYER)] = None,
    provider_npi: Annotated[str | None, Query(pattern=NPI)] = None,
    served_from: date | None = None,
    served_to: date | None = None,
) -> ReportScope:
    return ReportScope(payer_id, provider_npi, served_from, served_to)


def analytics_router(
    reports: Reports, recorder: EventRecorder, replay: TopicReplay, today: Callable[[], date]
) -> APIRouter:
    router = APIRouter(tags=["analytics"])

    def tenants_of(caller: ActingCaller, all_tenants: bool) -> list[str]:
        return sorted(caller.principal.tenants) if all_tenants else [caller.tenant_id]

    @router.get("/kpis", response_model=KpiReport)
    async def kpis(
        caller: ActingCaller,
        as_of: date | None = None,
        all_tenants: bool = False,
        payer_id: Annotated[str | None, Query(pattern=PAYER)] = None,
        provider_npi: Annotated[str | None, Query(pattern=NPI)] = None,
        served_from: date | None = None,
        served_to: date | None = None,
        revenue_cycle_cost: Annotated[
            Decimal | None, Query(ge=0, le=10**10, max_digits=14, decimal_places=2)
        ] = None,
    ) -> KpiReport:
        """`revenue_cycle_cost`: the period's cost of the revenue cycle (staff, outsourcing, software), from the
        general ledger; with it the answer has cost to collect (HFMA FM-6)."""
        tenants = tenants_of(caller, all_tenants)
        on = as_of or today()
        scope = _scope(payer_id, provider_npi, served_from, served_to)
        computed, events = await reports.kpis(tenants, scope, on, revenue_cycle_cost)
        return KpiReport(tenants=tenants, as_of=on, events=events, kpis=computed)

    @router.get("/kpis/monthly", response_model=MonthlyReport)
    async def monthly(
        caller: ActingCaller,
        as_of: date | None = None,
        all_tenants: bool = False,
        payer_id: Annotated[str | None, Query(pattern=PAYER)] = None,
        provider_npi: Annotated[str | None, Query(pattern=NPI)] = None,
    ) -> MonthlyReport:
        tenants = tenants_of(caller, all_tenants)
        on = as_of or today()
        trend = await reports.monthly(tenants, _scope(payer_id, provider_npi), on)
        return MonthlyReport(
            tenants=tenants, as_of=on, months=[MonthReport(month=m.month, kpis=m.kpis) for m in trend]
        )

    @router.get("/denial-analytics", response_model=DenialReport)
    async def denials(
        caller: ActingCaller,
        all_tenants: bool = False,
        payer_id: Annotated[str | None, Query(pattern=PAYER)] = None,
        provider_npi: Annotated[str | None, Query(pattern=NPI)] = None,
        served_from: date | None = None,
        served_to: date | None = None,
    ) -> DenialReport:
        tenants = tenants_of(caller, all_tenants)
        scope = _scope(payer_id, provider_npi, served_from, served_to)
        return DenialReport.of(tenants, await reports.denials(tenants, scope))

    @router.get("/claims/{claim_id}/timeline", response_model=ClaimTimelineView)
    async def claim_timeline(claim_id: str, tenant_id: TenantId) -> ClaimTimelineView:
        found = await reports.claim_timeline(tenant_id, claim_id)
        if found is None:  # another tenant's claim does not exist for you
            raise HTTPException(404, detail=f"no events of claim {claim_id}")
        return ClaimTimelineView(
            claim_id=found.claim_id,
            encounter_id=found.encounter_id,
            related_claims=found.related_claims,
            entries=[TimelineEntryView(**asdict(e)) for e in found.entries],
        )

    @router.post("/read-model/rebuild", response_model=RebuildReport)
    async def rebuild() -> RebuildReport:
        """Forget the stored events and read every topic again from its start (every tenant's: an operator's job)."""
        rebuilt = await recorder.rebuild(replay)
        return RebuildReport(**asdict(rebuilt))

    return router
