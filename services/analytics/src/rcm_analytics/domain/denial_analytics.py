"""Denials by CARC group, payer, rendering provider and month, from the payers' ClaimDenied answers.

A denial's amount is what the payer adjusted under a reason that is not contractual and not the patient's share
(CARC 45/253 and group PR are not denials); the claim is counted once per answer, under each group it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rcm_codesets.carc_categories import carc_category
from rcm_schemas.vocabulary import CONTRACTUAL_CARCS

from rcm_analytics.domain.event_log import EventLog

ZERO = Decimal("0.00")
ADJUDICATIONS = ("ClaimPaid", "ClaimPartiallyPaid", "ClaimDenied")


@dataclass
class DenialTally:
    denied_claims: int = 0
    denied_amount: Decimal = ZERO
    remitted_claims: int = 0
    """Claims the payers answered (paid, partly paid or denied) in the same slice: the denial rate's denominator."""

    @property
    def denial_rate(self) -> float:
        return round(self.denied_claims / self.remitted_claims, 4) if self.remitted_claims else 0.0


@dataclass
class CarcTally:
    carc: str
    group: str
    claims: int = 0
    amount: Decimal = ZERO


@dataclass
class DenialAnalytics:
    by_group: dict[str, DenialTally] = field(default_factory=dict)
    by_payer: dict[str, DenialTally] = field(default_factory=dict)
    by_provider: dict[str, DenialTally] = field(default_factory=dict)
    by_month: dict[str, DenialTally] = field(default_factory=dict)
    top_carcs: list[CarcTally] = field(default_factory=list)


def denied_adjustments(denied: Any) -> list[Any]:
    every = [*denied.claim_adjustments, *(a for line in denied.lines for a in line.adjustments)]
    return [a for a in every if a.group_code != "PR" and a.amount > 0 and a.carc not in CONTRACTUAL_CARCS]


def _month(answer: Any) -> str:
    when = answer.payment_date or answer.date_of_service
    return when.strftime("%Y-%m") if when else "unknown"


def denial_analytics(log: EventLog, *, top: int = 10) -> DenialAnalytics:
    report = DenialAnalytics()
    provider_of = {m.payload.claim_id: m.payload.rendering_provider_npi for m in log.of("ClaimSubmitted")}  # type: ignore[attr-defined]
    remitted: set[tuple[str, str]] = set()
    for event_type in ADJUDICATIONS:
        for message in log.of(event_type):
            answer: Any = message.payload
            if (answer.claim_id, answer.trace_number) in remitted:
                continue  # a redelivered answer counts once
            remitted.add((answer.claim_id, answer.trace_number))
            provider = getattr(answer, "rendering_provider_npi", None) or provider_of.get(
                answer.claim_id, "unknown"
            )
            slices = (
                report.by_payer.setdefault(answer.payer_id, DenialTally()),
                report.by_provider.setdefault(provider, DenialTally()),
                report.by_month.setdefault(_month(answer), DenialTally()),
            )
            for tally in slices:
                tally.remitted_claims += 1
            if event_type != "ClaimDenied":
                continue
            for tally in slices:
                tally.denied_claims += 1
                tally.denied_amount += answer.denied_amount
            _count_reasons(report, answer)
    for group_tally in report.by_group.values():
        group_tally.remitted_claims = len(remitted)
    carcs = report.top_carcs
    report.top_carcs = sorted(carcs, key=lambda c: (-c.claims, -c.amount, c.carc))[:top]
    return report


def _count_reasons(report: DenialAnalytics, denied: Any) -> None:
    amounts: dict[str, Decimal] = {}
    for adjustment in denied_adjustments(denied):
        amounts[adjustment.carc] = amounts.get(adjustment.carc, ZERO) + adjustment.amount
    groups: dict[str, Decimal] = {}
    for carc, amount in amounts.items():
        group = carc_category(carc, denied.date_of_service)
        groups[group] = groups.get(group, ZERO) + amount
        tally = next((c for c in report.top_carcs if c.carc == carc), None)
        if tally is None:
            tally = CarcTally(carc=carc, group=group)
            report.top_carcs.append(tally)
        tally.claims += 1
        tally.amount += amount
    for group, amount in groups.items():
        entry = report.by_group.setdefault(group, DenialTally())
        entry.denied_claims += 1
        entry.denied_amount += amount
