"""Denial analytics: pure functions over denial records. Formula names follow shared/kpi-definitions.md.

- AR-5 Remittance Denial Rate: claims denied / claims remitted in the period (sec. 3a); PR-only, duplicate
  (CARC 18) and contractual-only denials are not actionable and are left out of the numerator.
- Initial denial rate by volume and by dollars (HFMA Claim Integrity Task Force, sec. 3b): claims first
  denied in the month / mean monthly claims (or gross charges) submitted over the three months before it.
- AR-6 Denial Write-Offs as a Percentage of NPSR (sec. 4): denial write-offs net of recoveries / average
  monthly NPSR (the NPSR comes from the ledger, so the caller passes it).
- Time from initial denial to claim resolution and % of initial denials overturned (Task Force metrics 5, 6).
Rejections (999/277CA) are never adjudicated, so every rate here counts remittance denials only. A claim led by
an adjustment code we do not recognise is not known to be a denial either: it is counted apart (unrecognised)
until a person has read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal

from rcm_denials.domain.denial_case import CaseOutcome
from rcm_denials.domain.denial_facts import DenialSource, FrozenModel, RootCause

RATE_PLACES = Decimal("0.0001")
NOT_ACTIONABLE_CAUSES = frozenset({RootCause.PATIENT_RESPONSIBILITY, RootCause.DUPLICATE})
AUTO_RESOLVED = frozenset({CaseOutcome.AUTO_CORRECTED})


class DenialRecord(FrozenModel):
    """One denial case as analytics sees it (a projection of DenialCase; no PHI)."""

    claim_id: str
    payer_id: str
    provider_id: str | None = None
    source: DenialSource
    root_cause: RootCause
    carc_codes: tuple[str, ...] = ()
    charge_amount: Decimal
    denied_amount: Decimal
    first_denied_on: date
    outcome: CaseOutcome | None = None
    resolved_on: date | None = None
    recovered_amount: Decimal = Decimal("0.00")
    written_off_amount: Decimal = Decimal("0.00")


class Tally(FrozenModel):
    count: int
    amount: Decimal


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months_before(month: str, count: int) -> list[str]:
    year, number = (int(part) for part in month.split("-"))
    months = []
    for _ in range(count):
        year, number = (year, number - 1) if number > 1 else (year - 1, 12)
        months.append(f"{year:04d}-{number:02d}")
    return months


def _rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator == 0 else (numerator / denominator).quantize(RATE_PLACES)


def _denials(records: Iterable[DenialRecord]) -> list[DenialRecord]:
    return [
        record
        for record in records
        if record.source is DenialSource.REMITTANCE and record.root_cause is not RootCause.UNRECOGNISED_CODE
    ]


def unrecognised_code_reviews(records: Iterable[DenialRecord], month: str) -> list[DenialRecord]:
    """Remitted claims first seen in the month whose adjustment codes nobody recognised: a person's review."""
    return [
        record
        for record in records
        if record.source is DenialSource.REMITTANCE
        and record.root_cause is RootCause.UNRECOGNISED_CODE
        and month_of(record.first_denied_on) == month
    ]


def remittance_denial_rate_ar5(
    records: Iterable[DenialRecord], remitted_claims: int, month: str
) -> Decimal | None:
    """AR-5: distinct claims with an actionable denial first seen in the month / claims remitted in it."""
    denied = {
        record.claim_id
        for record in _denials(records)
        if month_of(record.first_denied_on) == month and record.root_cause not in NOT_ACTIONABLE_CAUSES
    }
    return _rate(Decimal(len(denied)), Decimal(remitted_claims))


def initial_denial_rate_by_volume(
    records: Iterable[DenialRecord], month: str, claims_submitted_by_month: Mapping[str, int]
) -> Decimal | None:
    denied = {record.claim_id for record in _denials(records) if month_of(record.first_denied_on) == month}
    prior = [Decimal(claims_submitted_by_month.get(m, 0)) for m in _months_before(month, 3)]
    return _rate(Decimal(len(denied)), sum(prior, Decimal(0)) / 3)


def initial_denial_rate_by_dollars(
    records: Iterable[DenialRecord], month: str, charges_submitted_by_month: Mapping[str, Decimal]
) -> Decimal | None:
    first_by_claim = {r.claim_id: r for r in _denials(records) if month_of(r.first_denied_on) == month}
    denied_charges = sum((record.charge_amount for record in first_by_claim.values()), Decimal(0))
    prior = [charges_submitted_by_month.get(m, Decimal(0)) for m in _months_before(month, 3)]
    return _rate(denied_charges, sum(prior, Decimal(0)) / 3)


def denial_write_offs_pct_of_npsr_ar6(
    records: Iterable[DenialRecord], month: str, average_monthly_npsr: Decimal
) -> Decimal | None:
    """AR-6: write-offs resolved in the month, net of money recovered on written-off claims, / avg NPSR."""
    in_month = [
        r for r in _denials(records) if r.resolved_on is not None and month_of(r.resolved_on) == month
    ]
    net = sum((r.written_off_amount for r in in_month), Decimal(0)) - sum(
        (r.recovered_amount for r in in_month if r.written_off_amount > 0), Decimal(0)
    )
    return _rate(max(net, Decimal(0)), average_monthly_npsr)


def denials_by(records: Iterable[DenialRecord], key: Callable[[DenialRecord], str]) -> dict[str, Tally]:
    """Count and denied dollars per key, e.g. key=lambda r: r.payer_id, or one entry per CARC with by_carc."""
    counts: dict[str, int] = defaultdict(int)
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for record in _denials(records):
        counts[key(record)] += 1
        amounts[key(record)] += record.denied_amount
    return {name: Tally(count=counts[name], amount=amounts[name]) for name in sorted(counts)}


def denials_by_carc(records: Iterable[DenialRecord]) -> dict[str, Tally]:
    """A denial with several CARCs counts once under each of them (the amount is not split)."""
    exploded = [r.model_copy(update={"carc_codes": (c,)}) for r in records for c in r.carc_codes]
    return denials_by(exploded, lambda record: record.carc_codes[0])


def resolution_mix(records: Iterable[DenialRecord]) -> dict[str, Tally]:
    """Auto-resolved vs worked by people vs written off vs still open."""

    def bucket(record: DenialRecord) -> str:
        if record.outcome is None:
            return "open"
        if record.outcome in AUTO_RESOLVED:
            return "auto_resolved"
        return "written_off" if record.outcome is CaseOutcome.WRITTEN_OFF else "worked"

    return denials_by(records, bucket)


def dollars_recovered(records: Iterable[DenialRecord]) -> dict[str, Decimal]:
    """Money collected on denied claims, by how it was won back."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for record in _denials(records):
        if record.recovered_amount > 0 and record.outcome is not None:
            totals[record.outcome.value] += record.recovered_amount
    totals["total"] = sum(totals.values(), Decimal(0))
    return dict(totals)


def average_days_to_resolve(records: Iterable[DenialRecord]) -> Decimal | None:
    """Task Force metric 5: mean days from initial denial to resolution, over resolved denials."""
    days = [(r.resolved_on - r.first_denied_on).days for r in _denials(records) if r.resolved_on is not None]
    return None if not days else (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"))


def overturn_rate(records: Iterable[DenialRecord]) -> Decimal | None:
    """Task Force metric 6: share of resolved initial denials that were paid after all."""
    resolved = [r for r in _denials(records) if r.outcome is not None]
    paid = [r for r in resolved if r.recovered_amount > 0]
    return _rate(Decimal(len(paid)), Decimal(len(resolved)))
