"""Response models of the denials routes, so OpenAPI documents every body the routes send."""

from __future__ import annotations

from pydantic import BaseModel

from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.domain.work_items import WorkItem
from rcm_denials.service.case_documents import CaseContext


class WorkQueueView(BaseModel):
    queue: str
    items: list[WorkItem]
    """Open items, urgent deadlines first, then by amount at risk."""


class DenialCaseView(DenialCase):
    """The case with its history (its processed event ids are left out) and what the claim looked like."""

    context: CaseContext


class TallyView(BaseModel):
    count: int
    amount: str


class DenialKpis(BaseModel):
    """Rates are decimal strings, None when the denominator is zero or unknown."""

    remittance_denial_rate_ar5: str | None
    initial_denial_rate_by_volume: str | None
    initial_denial_rate_by_dollars: str | None
    denial_write_offs_pct_of_npsr_ar6: str | None
    by_carc: dict[str, TallyView]
    by_payer: dict[str, TallyView]
    by_provider: dict[str, TallyView]
    by_root_cause: dict[str, TallyView]
    by_month: dict[str, TallyView]
    resolution_mix: dict[str, TallyView]
    dollars_recovered: dict[str, str]
    dollars_written_off: str
    average_days_to_resolve: str | None
    overturn_rate: str | None


class RejectionKpis(BaseModel):
    claim_rejection_rate: str | None
    count: int
    by_root_cause: dict[str, int]
    by_payer: dict[str, int]


class UnrecognisedCodeKpis(BaseModel):
    """Claims led by a CARC we have no category for: a person reviews them; no denial KPI counts them."""

    count: int
    amount: str
    by_carc: dict[str, int]


class AnalyticsInputs(BaseModel):
    claims_remitted_in_month: int
    claims_submitted_by_month: dict[str, int]


class DenialAnalytics(BaseModel):
    month: str
    denials: DenialKpis
    rejections: RejectionKpis
    unrecognised_codes: UnrecognisedCodeKpis
    inputs: AnalyticsInputs
    notes: dict[str, str]


class UnderpaidTallyView(BaseModel):
    """Underpaid dollars (decimal strings): found when the case opened, recovered by the payer's corrected
    payment, written off, and still open."""

    claims: int
    found: str
    recovered: str
    written_off: str
    open: str


class UnderpaymentAnalytics(BaseModel):
    total: UnderpaidTallyView
    by_payer: dict[str, UnderpaidTallyView]
    by_code: dict[str, UnderpaidTallyView]
