"""The denial KPI report: named as in shared/kpi-definitions.md, with rejections (999/277CA) kept apart.

Rates the service cannot compute alone are None with the reason in `notes` (AR-6 needs the NPSR from the
ledger; the initial denial rate needs the three months of submissions before the month).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from rcm_schemas import from_cents

from rcm_denials.domain import analytics as kpi
from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.domain.denial_facts import DenialSource
from rcm_denials.service.case_documents import CaseContext


def denial_record(case: DenialCase, context: CaseContext) -> kpi.DenialRecord:
    return kpi.DenialRecord(
        claim_id=case.claim_id,
        payer_id=case.payer_id,
        provider_id=context.billing_provider_npi,
        source=case.decision.source,
        root_cause=case.decision.leading.root_cause,
        carc_codes=case.decision.carc_codes,
        charge_amount=context.charge_amount,
        denied_amount=case.decision.amount_at_risk,
        first_denied_on=case.first_denied_on,
        outcome=case.outcome,
        resolved_on=case.resolved_on,
        recovered_amount=case.recovered_amount,
        written_off_amount=case.written_off_amount,
    )


def _tallies(tallies: Mapping[str, kpi.Tally]) -> dict[str, dict[str, Any]]:
    return {name: {"count": t.count, "amount": str(t.amount)} for name, t in tallies.items()}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _rejections(records: Iterable[kpi.DenialRecord], month: str, submitted: int) -> dict[str, Any]:
    in_month = [
        r
        for r in records
        if r.source is DenialSource.ACKNOWLEDGMENT and kpi.month_of(r.first_denied_on) == month
    ]
    rate = None if submitted == 0 else (Decimal(len(in_month)) / submitted).quantize(kpi.RATE_PLACES)
    return {
        "claim_rejection_rate": _text(rate),
        "count": len(in_month),
        "by_root_cause": dict(Counter(r.root_cause.value for r in in_month)),
        "by_payer": dict(Counter(r.payer_id for r in in_month)),
    }


def _unrecognised(records: Iterable[kpi.DenialRecord], month: str) -> dict[str, Any]:
    in_month = kpi.unrecognised_code_reviews(records, month)
    by_carc: Counter[str] = Counter(code for r in in_month for code in r.carc_codes)
    return {
        "count": len(in_month),
        "amount": str(sum((r.denied_amount for r in in_month), Decimal("0.00"))),
        "by_carc": dict(by_carc),
    }


def denial_report(
    records: list[kpi.DenialRecord],
    *,
    month: str,
    remitted_claims: int,
    submitted_by_month: Mapping[str, tuple[int, int]],
    average_monthly_npsr: Decimal | None,
) -> dict[str, Any]:
    in_month = [r for r in records if kpi.month_of(r.first_denied_on) == month]
    counts = {m: n for m, (n, _) in submitted_by_month.items()}
    charges = {m: from_cents(cents) for m, (_, cents) in submitted_by_month.items()}
    written_off = sum(
        (r.written_off_amount for r in records if r.source is DenialSource.REMITTANCE), Decimal(0)
    )
    ar6 = (
        kpi.denial_write_offs_pct_of_npsr_ar6(records, month, average_monthly_npsr)
        if average_monthly_npsr
        else None
    )
    return {
        "month": month,
        "denials": {
            "remittance_denial_rate_ar5": _text(
                kpi.remittance_denial_rate_ar5(records, remitted_claims, month)
            ),
            "initial_denial_rate_by_volume": _text(kpi.initial_denial_rate_by_volume(records, month, counts)),
            "initial_denial_rate_by_dollars": _text(
                kpi.initial_denial_rate_by_dollars(records, month, charges)
            ),
            "denial_write_offs_pct_of_npsr_ar6": _text(ar6),
            "by_carc": _tallies(kpi.denials_by_carc(in_month)),
            "by_payer": _tallies(kpi.denials_by(in_month, lambda r: r.payer_id)),
            "by_provider": _tallies(kpi.denials_by(in_month, lambda r: r.provider_id or "unknown")),
            "by_root_cause": _tallies(kpi.denials_by(in_month, lambda r: r.root_cause.value)),
            "by_month": _tallies(kpi.denials_by(records, lambda r: kpi.month_of(r.first_denied_on))),
            "resolution_mix": _tallies(kpi.resolution_mix(records)),
            "dollars_recovered": {k: str(v) for k, v in kpi.dollars_recovered(records).items()},
            "dollars_written_off": str(written_off),
            "average_days_to_resolve": _text(kpi.average_days_to_resolve(records)),
            "overturn_rate": _text(kpi.overturn_rate(records)),
        },
        "rejections": _rejections(records, month, counts.get(month, 0)),
        "unrecognised_codes": _unrecognised(records, month),
        "inputs": {"claims_remitted_in_month": remitted_claims, "claims_submitted_by_month": counts},
        "notes": {
            "denial_write_offs_pct_of_npsr_ar6": "pass average_monthly_npsr (from the ledger)",
            "rates": "None when the denominator is zero or unknown; rejections never count as denials",
            "unrecognised_codes": "claims led by a CARC we have no category for: reviewed by a person, "
            "not counted as denials",
        },
    }
