"""What the analytics routes answer: the reports' dataclasses in pydantic shells (money as strings of cents)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from rcm_schemas import Money

from rcm_analytics.domain.denial_analytics import DenialAnalytics, DenialTally
from rcm_analytics.domain.kpis import Kpis


class KpiReport(BaseModel):
    tenants: list[str]
    as_of: date
    events: int
    """How many stored events the KPIs were computed from (a caller waiting for the read model compares this)."""
    kpis: Kpis


class MonthReport(BaseModel):
    month: str
    kpis: Kpis


class MonthlyReport(BaseModel):
    tenants: list[str]
    as_of: date
    months: list[MonthReport]


class DenialSlice(BaseModel):
    key: str
    denied_claims: int
    denied_amount: Money
    remitted_claims: int
    denial_rate: float


class CarcRow(BaseModel):
    carc: str
    group: str
    claims: int
    amount: Money


class DenialReport(BaseModel):
    tenants: list[str]
    by_group: list[DenialSlice]
    by_payer: list[DenialSlice]
    by_provider: list[DenialSlice]
    by_month: list[DenialSlice]
    top_carcs: list[CarcRow]

    @classmethod
    def of(cls, tenants: list[str], report: DenialAnalytics) -> DenialReport:
        def slices(tallies: dict[str, DenialTally]) -> list[DenialSlice]:
            return [
                DenialSlice(
                    key=key,
                    denied_claims=t.denied_claims,
                    denied_amount=t.denied_amount,
                    remitted_claims=t.remitted_claims,
                    denial_rate=t.denial_rate,
                )
                for key, t in sorted(tallies.items())
            ]

        return cls(
            tenants=tenants,
            by_group=slices(report.by_group),
            by_payer=slices(report.by_payer),
            by_provider=slices(report.by_provider),
            by_month=slices(report.by_month),
            top_carcs=[
                CarcRow(carc=c.carc, group=c.group, claims=c.claims, amount=c.amount)
                for c in report.top_carcs
            ],
        )


class TimelineEntryView(BaseModel):
    occurred_at: datetime
    event_type: str
    producer: str
    claim_id: str | None
    details: dict[str, str]
    x12_kind: str | None
    x12: str | None


class ClaimTimelineView(BaseModel):
    claim_id: str
    encounter_id: str | None
    related_claims: list[str]
    entries: list[TimelineEntryView]


class RebuildReport(BaseModel):
    forgotten: int
    read: int
    stored: int
    undecodable: int
