"""The reports over a tenant's stored events: KPIs, the month-by-month trend, denial analytics, a claim's timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rcm_analytics.domain.collections import collections_by_payer
from rcm_analytics.domain.denial_analytics import DenialAnalytics, denial_analytics
from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import Kpis, compute
from rcm_analytics.domain.scope import ReportScope, months_of_service, within
from rcm_analytics.domain.timeline import TimelineEntry, timeline
from rcm_analytics.service.ports import EventStore


@dataclass(frozen=True)
class MonthKpis:
    month: str
    kpis: Kpis


@dataclass(frozen=True)
class ClaimTimeline:
    claim_id: str
    encounter_id: str | None
    related_claims: list[str]
    """The encounter's other claims: its original or replacement, a later payer's claim."""
    entries: list[TimelineEntry]


class Reports:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    async def _log(self, tenants: Iterable[str], scope: ReportScope) -> EventLog:
        return within(await self.store.log_of(tenants), scope)

    async def kpis(
        self,
        tenants: Iterable[str],
        scope: ReportScope,
        as_of: date,
        revenue_cycle_cost: Decimal | None = None,
    ) -> tuple[Kpis, int]:
        """The KPIs and the number of events they were computed from."""
        log = await self._log(tenants, scope)
        return compute(log, as_of=as_of, revenue_cycle_cost=revenue_cycle_cost), len(log.messages())

    async def monthly(self, tenants: Iterable[str], scope: ReportScope, as_of: date) -> list[MonthKpis]:
        """Each month of service on its own (claims served that month, as they stand on `as_of`)."""
        log = await self._log(tenants, scope)
        trend = []
        for month in months_of_service(log):
            first = date.fromisoformat(f"{month}-01")
            last = date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal() - 1
            month_scope = ReportScope(served_from=first, served_to=date.fromordinal(last))
            trend.append(MonthKpis(month, compute(within(log, month_scope), as_of=as_of)))
        return trend

    async def collections(self, tenants: Iterable[str]) -> dict[str, Decimal]:
        return collections_by_payer(await self.store.log_of(tenants))

    async def denials(self, tenants: Iterable[str], scope: ReportScope) -> DenialAnalytics:
        return denial_analytics(await self._log(tenants, scope))

    async def claim_timeline(self, tenant_id: str, claim_id: str) -> ClaimTimeline | None:
        messages = await self.store.of_claim(tenant_id, claim_id)
        if not messages:
            return None
        encounter_id = next(
            (m.payload.encounter_id for m in messages if getattr(m.payload, "encounter_id", None)),  # type: ignore[attr-defined]
            None,
        )
        related = (
            [] if encounter_id is None else await self.store.claims_of_encounter(tenant_id, encounter_id)
        )
        return ClaimTimeline(
            claim_id=claim_id,
            encounter_id=encounter_id,
            related_claims=[c for c in related if c != claim_id],
            entries=timeline(messages),
        )
