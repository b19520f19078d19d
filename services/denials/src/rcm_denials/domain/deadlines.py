"""Payer deadlines for a denial: the appeal limit (from the denial date) and timely filing (from the DOS)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import Field

from rcm_denials.domain.denial_facts import FrozenModel


class PayerTerms(FrozenModel):
    """The payer's limits in force on the date of service (built from rcm_codesets.payer by the service)."""

    payer_id: str
    payer_name: str | None = None
    appeal_limit_days: int | None = Field(default=None, ge=1)
    timely_filing_days: int | None = Field(default=None, ge=1)


class DenialDeadlines(FrozenModel):
    appeal_by: date | None
    resubmit_by: date | None
    """A corrected claim must still arrive within timely filing from the date of service."""

    @property
    def nearest(self) -> date | None:
        known = [day for day in (self.appeal_by, self.resubmit_by) if day is not None]
        return min(known, default=None)


def appeal_deadline(denial_date: date, appeal_limit_days: int) -> date:
    return denial_date + timedelta(days=appeal_limit_days)


def timely_filing_deadline(date_of_service: date, timely_filing_days: int) -> date:
    return date_of_service + timedelta(days=timely_filing_days)


def denial_deadlines(denial_date: date, date_of_service: date | None, terms: PayerTerms) -> DenialDeadlines:
    appeal_by = (
        appeal_deadline(denial_date, terms.appeal_limit_days) if terms.appeal_limit_days is not None else None
    )
    resubmit_by = (
        timely_filing_deadline(date_of_service, terms.timely_filing_days)
        if date_of_service is not None and terms.timely_filing_days is not None
        else None
    )
    return DenialDeadlines(appeal_by=appeal_by, resubmit_by=resubmit_by)
