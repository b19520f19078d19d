"""The report on a terminal (rich) or as JSON for machines."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rcm_analytics.domain.kpis import Kpis
from rich.console import Console
from rich.table import Table

from rcmctl.workload.patient_billing import PatientBillingResult


def _money(value: Decimal) -> str:
    return f"${value:,.2f}"


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


ROWS: tuple[tuple[str, Any], ...] = (
    ("Encounters", lambda k: str(k.encounters)),
    ("Claims created / submitted", lambda k: f"{k.claims_created} / {k.claims_submitted}"),
    ("Held by the scrubber / rejected (999/277CA)", lambda k: f"{k.claims_held} / {k.claims_rejected}"),
    ("Clean claim rate (HFMA CL-1)", lambda k: _pct(k.clean_claim_rate_cl1)),
    ("Remittance denial rate (HFMA AR-5)", lambda k: _pct(k.remittance_denial_rate_ar5)),
    (
        "Initial denial rate, volume / dollars (Task Force)",
        lambda k: f"{_pct(k.initial_denial_rate_volume)} / {_pct(k.initial_denial_rate_dollars)}",
    ),
    (
        "Claims paid / partially paid / reversed",
        lambda k: f"{k.claims_paid} / {k.claims_partially_paid} / {k.claims_reversed}",
    ),
    (
        "Denials auto-corrected / worked / appealed / written off",
        lambda k: (
            f"{k.denials_auto_corrected} / {k.denials_routed_to_work} / {k.denials_appealed} / "
            f"{k.denials_written_off}"
        ),
    ),
    (
        "Takebacks in work queues / amount taken back",
        lambda k: f"{k.takebacks_to_work} / {_money(k.taken_back)}",
    ),
    ("Unrecognised-code reviews reclassified", lambda k: str(k.reviews_reclassified)),
    (
        "Underpaid claims (below contract): found / recovered by appeal",
        lambda k: f"{k.underpaid_claims}: {_money(k.underpaid_found)} / {_money(k.underpaid_recovered)}",
    ),
    (
        "Secondary claims sent / paid by secondary payers",
        lambda k: f"{k.secondary_claims_sent} / {_money(k.paid_by_secondary_payers)}",
    ),
    ("Billed", lambda k: _money(k.billed)),
    ("Allowed", lambda k: _money(k.allowed)),
    ("Paid", lambda k: _money(k.paid)),
    ("Patient responsibility (the patients' share)", lambda k: _money(k.patient_responsibility)),
    (
        "Patient payments / patient collection rate",
        lambda k: f"{_money(k.patient_payments)} / {_pct(k.patient_collection_rate)}",
    ),
    (
        "Small-balance write-offs / refunds to patients / to payers",
        lambda k: (
            f"{_money(k.small_balance_write_offs)} / {_money(k.refunds_to_patients)} / "
            f"{_money(k.refunds_to_payers)}"
        ),
    ),
    (
        "Contractual (CO-45 family) / other adjustments",
        lambda k: f"{_money(k.contractual_adjustment)} / {_money(k.other_adjustment)}",
    ),
    (
        "Denial write-offs / % of net revenue (HFMA AR-6)",
        lambda k: f"{_money(k.denial_write_off)} / {_pct(k.denial_write_off_rate_ar6)}",
    ),
    ("A/R total (insurance + patient + unbilled)", lambda k: _money(k.ar_total)),
    (
        "A/R insurance: of it denied / appealed",
        lambda k: f"{_money(k.ar_insurance)}: {_money(k.ar_denied)} / {_money(k.ar_appealed)}",
    ),
    ("A/R patient / unbilled (held claims)", lambda k: f"{_money(k.ar_patient)} / {_money(k.ar_unbilled)}"),
    ("Credit balances (to refund)", lambda k: _money(k.credit_balances)),
    ("Days in A/R (AAFP: receivables / average daily charges)", lambda k: str(k.days_in_ar)),
    ("Net collection rate (MGMA adjusted)", lambda k: _pct(k.net_collection_rate)),
    ("Posting reconciles per claim", lambda k: "yes" if k.posting_reconciles else "NO"),
    ("835 totals = posted paid - PLB", lambda k: "yes" if k.remittance_totals_reconcile else "NO"),
    (
        "Days service -> payment, median / p90 (simulated clock)",
        lambda k: f"{k.days_to_payment_median} / {k.days_to_payment_p90}",
    ),
    ("Insurance A/R by age of service", lambda k: ", ".join(f"{b}: ${v}" for b, v in k.ar_aging.items())),
    (
        "Patient A/R by age of service",
        lambda k: ", ".join(f"{b}: ${v}" for b, v in k.patient_ar_aging.items()),
    ),
    ("Cost if outsourced at 4-10% of collections", lambda k: _range(k.outsourced_cost_range)),
    (
        "  of it on payer / on patient collections",
        lambda k: f"{_range(k.outsourced_cost_on_payer)} / {_range(k.outsourced_cost_on_patient)}",
    ),
)


def _range(low_high: tuple[Decimal, Decimal]) -> str:
    return f"{_money(low_high[0])} - {_money(low_high[1])}"


def render_report(console: Console, total: Kpis, per_clinic: dict[str, Kpis], names: dict[str, str]) -> None:
    table = Table(title="Revenue cycle report", show_lines=False)
    table.add_column("KPI")
    columns = list(per_clinic)
    for tenant in columns:
        table.add_column(names.get(tenant, tenant), justify="right")
    table.add_column("Total", justify="right", style="bold")
    for label, value in ROWS:
        table.add_row(label, *(value(per_clinic[t]) for t in columns), value(total))
    console.print(table)
    states = Table(title="Encounters by final state")
    states.add_column("state")
    states.add_column("encounters", justify="right")
    for state, count in sorted(total.encounters_by_state.items(), key=lambda item: -item[1]):
        states.add_row(state, str(count))
    console.print(states)


def render_patient_billing(console: Console, patients: PatientBillingResult) -> None:
    notices = ", ".join(
        f"{notice} {count}" for notice, count in sorted(patients.statements_by_notice.items())
    )
    console.print(
        f"Patient billing (4 statement cycles, 30 days apart): {patients.statements} statements ({notices}); "
        f"{patients.payments} patient payments, {_money(patients.paid)}; {patients.plans_agreed} payment plans; "
        f"{patients.small_balances_written_off} small balances written off; "
        f"{patients.collections_handoffs} accounts handed to collections"
    )
    for failure in patients.failures[:5]:
        console.print(f"[yellow]patient billing:[/yellow] {failure}")


def patient_billing_json(patients: PatientBillingResult | None) -> dict[str, Any] | None:
    if patients is None:
        return None
    return {
        "statements": patients.statements,
        "statements_by_notice": dict(patients.statements_by_notice),
        "payments": patients.payments,
        "paid": str(patients.paid),
        "plans_agreed": patients.plans_agreed,
        "small_balances_written_off": patients.small_balances_written_off,
        "collections_handoffs": patients.collections_handoffs,
        "failures": patients.failures,
    }


def report_json(total: Kpis, per_clinic: dict[str, Kpis], patients: dict[str, Any] | None = None) -> str:
    report: dict[str, Any] = {
        "total": total.as_json(),
        "per_clinic": {t: k.as_json() for t, k in per_clinic.items()},
    }
    if patients is not None:
        report["patient_billing"] = patients
    return json.dumps(report, indent=2, default=str)
