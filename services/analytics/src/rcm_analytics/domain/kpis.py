"""KPIs of a run, named by their HFMA / MGMA keys (kpi-definitions.md), per clinic and in total."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from statistics import median
from typing import Any

from rcm_codesets.carc_categories import UNKNOWN, carc_category
from rcm_schemas.vocabulary import CONTRACTUAL_CARCS

from rcm_analytics.domain.books import (
    EncounterAccount,
    aged,
    days_in_ar,
    encounter_accounts,
    net_collection_rate,
    receivables,
)
from rcm_analytics.domain.event_log import EventLog

ZERO = Decimal("0.00")
AGING_BUCKETS = (
    (0, 30, "0-30"),
    (31, 60, "31-60"),
    (61, 90, "61-90"),
    (91, 120, "91-120"),
    (121, 10**6, ">120"),
)
OUTSOURCED_FEE_RANGE = (Decimal("0.04"), Decimal("0.10"))


@dataclass
class Kpis:
    encounters: int = 0
    encounters_by_state: dict[str, int] = field(default_factory=dict)
    claims_created: int = 0
    claims_submitted: int = 0
    claims_held: int = 0
    claims_rejected: int = 0
    clean_claim_rate_cl1: float = 0.0
    claims_remitted: int = 0
    claims_denied_initially: int = 0
    claims_under_review_initially: int = 0
    """Denied only under CARCs we have no category for: a person reviews them; not counted as denied."""
    remittance_denial_rate_ar5: float = 0.0
    initial_denial_rate_volume: float = 0.0
    initial_denial_rate_dollars: float = 0.0
    claims_paid: int = 0
    claims_partially_paid: int = 0
    claims_reversed: int = 0
    underpaid_claims: int = 0
    """Claims a payer paid below the clinic's contract (UnderpaymentFound), each appealed by the back office."""
    underpaid_found: Decimal = ZERO
    underpaid_recovered: Decimal = ZERO
    """What the payers paid on those claims after the finding (the corrected claims of answered appeals)."""
    secondary_claims_sent: int = 0
    """Claims to a patient's second coverage, built from the primary's 835 (coordination of benefits)."""
    paid_by_secondary_payers: Decimal = ZERO
    denials_auto_corrected: int = 0
    denials_routed_to_work: int = 0
    denials_appealed: int = 0
    denials_written_off: int = 0
    takebacks_to_work: int = 0
    """Payments the payer took back (PaymentTakenBack), each a work item in denials: not a DenialRouted."""
    taken_back: Decimal = ZERO
    reviews_reclassified: int = 0
    """Unrecognised-CARC reviews a person gave a category (DenialReclassified)."""
    billed: Decimal = ZERO
    allowed: Decimal = ZERO
    paid: Decimal = ZERO
    patient_responsibility: Decimal = ZERO
    contractual_adjustment: Decimal = ZERO
    other_adjustment: Decimal = ZERO
    denial_write_off: Decimal = ZERO
    patient_payments: Decimal = ZERO
    patient_collection_rate: float = 0.0
    """Patient payments / patient responsibility billed (Kodiak's patient collection rate)."""
    small_balance_write_offs: Decimal = ZERO
    refunds_to_patients: Decimal = ZERO
    refunds_to_payers: Decimal = ZERO
    ar_total: Decimal = ZERO
    ar_insurance: Decimal = ZERO
    ar_patient: Decimal = ZERO
    ar_unbilled: Decimal = ZERO
    ar_denied: Decimal = ZERO
    ar_appealed: Decimal = ZERO
    credit_balances: Decimal = ZERO
    days_in_ar: float | None = None
    net_collection_rate: float = 0.0
    denial_write_off_rate_ar6: float = 0.0
    posting_reconciles: bool = True
    remittance_totals_reconcile: bool = True
    remitted_835_total: Decimal = ZERO
    interest: Decimal = ZERO
    """Prompt-pay interest payers added to claims (AMT*I): part of what the 835s paid, not of any charge."""
    days_to_payment_median: float | None = None
    days_to_payment_p90: float | None = None
    ar_aging: dict[str, str] = field(default_factory=dict)
    """Insurance A/R (billed) by age from the date of service."""
    patient_ar_aging: dict[str, str] = field(default_factory=dict)
    open_ar_aging: dict[str, str] = field(default_factory=dict)
    """Every open balance by age: insurance (denied and appealed included), patient, and held claims never sent.
    Its buckets add up to ar_total."""
    cash_collected: Decimal = ZERO
    """Payer and patient payments net of refunds: cost to collect's denominator."""
    cost_to_collect: float | None = None
    """HFMA FM-6: the period's revenue-cycle cost / cash collected. The cost is not in any event (it comes from the
    general ledger): given by the caller, else None."""
    outsourced_cost_range: tuple[Decimal, Decimal] = (ZERO, ZERO)
    """An outsourced billing company's fee (4-10 %) on all net collections, payer and patient."""
    outsourced_cost_on_payer: tuple[Decimal, Decimal] = (ZERO, ZERO)
    outsourced_cost_on_patient: tuple[Decimal, Decimal] = (ZERO, ZERO)

    def as_json(self) -> dict[str, Any]:
        def shown(value: Any) -> Any:
            if isinstance(value, tuple):
                return [shown(v) for v in value]
            return str(value) if isinstance(value, Decimal) else value

        return {name: shown(value) for name, value in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Kpis:
        """The inverse of as_json (what the analytics service answers): money back to Decimal."""
        values: dict[str, Any] = {}
        for name, kind in MONEY_FIELDS.items():
            if name in data:
                raw = data[name]
                values[name] = tuple(Decimal(v) for v in raw) if kind == "pair" else Decimal(raw)
        known = {f.name for f in fields(cls)}
        return cls(**{**{k: v for k, v in data.items() if k in known}, **values})


MONEY_FIELDS: dict[str, str] = {
    f.name: ("pair" if f.name.startswith("outsourced_cost") else "amount")
    for f in fields(Kpis)
    if f.type in ("Decimal", "tuple[Decimal, Decimal]")
}


def _rate(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _p(values: list[int], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))])


def _only_uncategorised(denied: Any) -> bool:
    """Every amount of the denial is adjusted under a CARC without a category of ours: denials routes it to a
    person (DEN-CARC-UNRECOGNISED) and leaves it out of its KPIs, and remittance books it as under review."""
    adjustments = [*denied.claim_adjustments, *(a for line in denied.lines for a in line.adjustments)]
    worked = [
        a for a in adjustments if a.group_code != "PR" and a.amount > 0 and a.carc not in CONTRACTUAL_CARCS
    ]
    return bool(worked) and all(carc_category(a.carc) == UNKNOWN for a in worked)


def compute(
    events: EventLog, *, as_of: date, tenant: str | None = None, revenue_cycle_cost: Decimal | None = None
) -> Kpis:
    def of(event_type: str) -> list[Any]:
        return [m.payload for m in events.of(event_type) if tenant is None or m.envelope.tenant_id == tenant]

    k = Kpis()
    registered = {e.encounter_id for e in of("EncounterRegistered")}
    incomplete = {e.encounter_id for e in of("RegistrationIncomplete")} - registered
    coded = {e.encounter_id for e in of("EncounterCoded")}
    in_review = {e.encounter_id for e in of("CodingReviewRequired")} - coded
    k.encounters = len(registered | incomplete)

    submitted = of("ClaimSubmitted")
    held = of("ClaimHeld")
    # A claim to a later payer (coordination of benefits) is the same visit billed on: not a claim created.
    originals = {
        e.claim_id: e
        for e in submitted
        if e.frequency_code == "1" and not e.original_claim_id and not getattr(e, "primary_claim_id", None)
    }
    later_payer_claims = {e.claim_id for e in submitted if getattr(e, "primary_claim_id", None)}
    k.secondary_claims_sent = len(later_payer_claims)
    held_ids = {e.claim_id for e in held}
    created = set(originals) | held_ids
    rejected = {e.claim_id for e in of("ClaimRejected")}
    k.claims_created, k.claims_held, k.claims_rejected = len(created), len(held_ids), len(rejected & created)
    k.claims_submitted = len(originals)
    clean = {c for c in originals if c not in held_ids and c not in rejected}
    k.clean_claim_rate_cl1 = _rate(len(clean), len(created))

    first_outcome: dict[str, str] = {}
    for event_type in ("ClaimPaid", "ClaimPartiallyPaid", "ClaimDenied"):
        for message in [m for m in events.of(event_type) if tenant is None or m.envelope.tenant_id == tenant]:
            claim_id = message.payload.claim_id  # type: ignore[attr-defined]  # every payer outcome names its claim
            if claim_id in originals:
                under_review = event_type == "ClaimDenied" and _only_uncategorised(message.payload)
                first_outcome.setdefault(claim_id, "UnderReview" if under_review else event_type)
    k.claims_remitted = len(first_outcome)
    denied_first = [c for c, outcome in first_outcome.items() if outcome == "ClaimDenied"]
    k.claims_denied_initially = len(denied_first)
    k.claims_under_review_initially = sum(1 for outcome in first_outcome.values() if outcome == "UnderReview")
    k.remittance_denial_rate_ar5 = _rate(len(denied_first), len(first_outcome))
    k.initial_denial_rate_volume = _rate(len(denied_first), len(originals))
    billed_originals = sum((e.total_charge for e in originals.values()), ZERO)
    denied_dollars = sum((originals[c].total_charge for c in denied_first), ZERO)
    k.initial_denial_rate_dollars = _rate(float(denied_dollars), float(billed_originals))

    k.paid_by_secondary_payers = sum(
        (e.paid_amount for e in of("PaymentPosted") if e.claim_id in later_payer_claims), ZERO
    )
    _underpayments(k, of)
    k.claims_paid = len({e.claim_id for e in of("ClaimPaid")})
    k.claims_partially_paid = len({e.claim_id for e in of("ClaimPartiallyPaid")})
    k.claims_reversed = len({e.claim_id for e in of("ClaimReversed")})
    k.denials_auto_corrected = len({e.claim_id for e in of("CorrectionRequested")})
    k.denials_routed_to_work = len({e.claim_id for e in of("DenialRouted")})
    k.denials_appealed = len({e.claim_id for e in of("AppealFiled")})
    k.denials_written_off = len({e.claim_id for e in of("DenialWrittenOff")})
    k.denial_write_off = sum((e.amount for e in of("DenialWrittenOff")), ZERO)
    # One work item per claim, kind and 835 (denials' key for it): a redelivered event counts once.
    takebacks = {(e.claim_id, e.takeback_kind, e.trace_number): e.amount for e in of("PaymentTakenBack")}
    k.takebacks_to_work = len(takebacks)
    k.taken_back = sum(takebacks.values(), ZERO)
    k.reviews_reclassified = len({e.claim_id for e in of("DenialReclassified")})

    accounts = encounter_accounts(of)
    _money(k, of, accounts)
    if revenue_cycle_cost is not None and k.cash_collected > 0:
        k.cost_to_collect = round(float(revenue_cycle_cost / k.cash_collected), 4)
    _receivables(k, accounts, as_of)
    _timing(k, of)
    k.encounters_by_state = _final_states(of, registered, incomplete, in_review, originals, held_ids)
    return k


def _underpayments(k: Kpis, of: Any) -> None:
    """Found: the shortfall each UnderpaymentFound named (once per claim and 835). Recovered: what the claim's
    payments came to afterwards beyond what was paid when it was found (a reversal nets the first payment)."""
    found = {(e.claim_id, e.trace_number): e for e in of("UnderpaymentFound")}
    k.underpaid_claims = len({claim_id for claim_id, _ in found})
    k.underpaid_found = sum((e.underpaid_amount for e in found.values()), ZERO)
    paid_by_claim: dict[str, Decimal] = {}
    for posted in of("PaymentPosted"):
        paid_by_claim[posted.claim_id] = paid_by_claim.get(posted.claim_id, ZERO) + posted.paid_amount
    first_finding: dict[str, Any] = {}
    for e in found.values():
        first_finding.setdefault(e.claim_id, e)
    k.underpaid_recovered = sum(
        (
            max(ZERO, paid_by_claim.get(claim_id, ZERO) - e.paid_amount)
            for claim_id, e in first_finding.items()
        ),
        ZERO,
    )


def _money(k: Kpis, of: Any, accounts: dict[str, EncounterAccount]) -> None:
    k.billed = sum((a.charges for a in accounts.values() if a.billed), ZERO)  # each encounter once
    # Adjustments and patient shares by the book: a replacement's adjudication supersedes its original's.
    k.contractual_adjustment = sum((a.contractual for a in accounts.values()), ZERO)
    k.patient_responsibility = sum((a.transferred_to_patient for a in accounts.values()), ZERO)
    k.other_adjustment = sum((a.other_adjustments for a in accounts.values()), ZERO)
    k.patient_payments = sum((a.patient_payments for a in accounts.values()), ZERO)
    k.small_balance_write_offs = sum((a.small_balance_write_offs for a in accounts.values()), ZERO)
    k.refunds_to_patients = sum((a.patient_refunds for a in accounts.values()), ZERO)
    k.refunds_to_payers = sum((a.payer_refunds for a in accounts.values()), ZERO)
    k.patient_collection_rate = _rate(float(k.patient_payments), float(k.patient_responsibility))
    for posted in of("PaymentPosted"):
        k.paid += posted.paid_amount
        k.interest += posted.interest_amount
        settled = posted.paid_amount + posted.contractual_adjustment + posted.patient_responsibility
        if settled + posted.other_adjustment + posted.open_balance != posted.charge_amount:
            k.posting_reconciles = False
    for event_type in ("ClaimPaid", "ClaimPartiallyPaid", "ClaimDenied", "ClaimReversed"):
        for outcome in of(event_type):
            k.allowed += sum((line.allowed_amount or ZERO for line in outcome.lines), ZERO)
    remitted = of("RemittanceReceived")
    k.remitted_835_total = sum((r.payment_amount for r in remitted), ZERO)
    plb = sum((r.provider_adjustment_total for r in remitted), ZERO)
    k.remittance_totals_reconcile = k.remitted_835_total == k.paid + k.interest - plb
    payer_collections = k.paid - k.refunds_to_payers
    patient_collections = k.patient_payments - k.refunds_to_patients
    collections = payer_collections + patient_collections
    k.net_collection_rate = net_collection_rate(collections, k.billed, k.contractual_adjustment)
    net_revenue = k.billed - k.contractual_adjustment
    k.denial_write_off_rate_ar6 = (
        round(float(k.denial_write_off / net_revenue), 4) if net_revenue > 0 else 0.0
    )
    k.cash_collected = collections
    k.outsourced_cost_range = _fee_range(collections)
    k.outsourced_cost_on_payer = _fee_range(payer_collections)
    k.outsourced_cost_on_patient = _fee_range(patient_collections)


def _fee_range(collections: Decimal) -> tuple[Decimal, Decimal]:
    low, high = OUTSOURCED_FEE_RANGE
    return (collections * low).quantize(Decimal("0.01")), (collections * high).quantize(Decimal("0.01"))


def _receivables(k: Kpis, accounts: dict[str, EncounterAccount], as_of: date) -> None:
    books = receivables(accounts.values())
    k.ar_insurance, k.ar_patient, k.ar_unbilled = books.insurance, books.patient, books.unbilled
    k.ar_denied, k.ar_appealed, k.credit_balances = books.denied, books.appealed, books.credits
    k.ar_total = books.total
    billed = [a for a in accounts.values() if a.billed]
    insurance = aged(billed, as_of, AGING_BUCKETS, lambda a: a.insurance_balance)
    patient = aged(accounts.values(), as_of, AGING_BUCKETS, lambda a: a.patient_balance)
    k.ar_aging = {name: str(amount) for name, amount in insurance.items()}
    k.patient_ar_aging = {name: str(amount) for name, amount in patient.items()}
    every_open = aged(accounts.values(), as_of, AGING_BUCKETS, _open_balance)
    k.open_ar_aging = {name: str(amount) for name, amount in every_open.items()}
    if billed:
        first = min(a.date_of_service for a in billed)
        window = max((as_of - first).days + 1, 1)
        k.days_in_ar = days_in_ar(books.insurance + books.patient, k.billed, window)


def _open_balance(account: EncounterAccount) -> Decimal:
    """What the account still owes, payer and patient (a credit on one side is owed back, not netted)."""
    return max(account.insurance_balance, ZERO) + max(account.patient_balance, ZERO)


def _timing(k: Kpis, of: Any) -> None:
    days = [
        (e.payment_date - e.date_of_service).days
        for e in of("ClaimPaid") + of("ClaimPartiallyPaid")
        if e.payment_date and e.date_of_service
    ]
    k.days_to_payment_median = float(median(days)) if days else None
    k.days_to_payment_p90 = _p(days, 0.9)


def _final_states(
    of: Any,
    registered: set[str],
    incomplete: set[str],
    in_review: set[str],
    originals: dict[str, Any],
    held_ids: set[str],
) -> dict[str, int]:
    claim_state: dict[str, str] = {}
    encounter_of: dict[str, str] = {}
    for e in of("ClaimHeld") + of("ClaimSubmitted"):
        encounter_of[e.claim_id] = e.encounter_id
        claim_state.setdefault(e.encounter_id, "claim held" if e.claim_id in held_ids else "submitted")
    for e in of("SelfPayClaimBilled"):  # self-pay: the patient's bill is the final state, no payer follows
        encounter_of[e.claim_id] = e.encounter_id
        claim_state[e.encounter_id] = "billed to the patient (self-pay)"
    for event_type, state in (
        ("ClaimSubmitted", "submitted"),
        ("ClaimRejected", "rejected"),
        ("ClaimDenied", "denied"),
        ("DenialRouted", "denial in work queue"),
        ("CorrectionRequested", "corrected and resubmitted"),
        ("AppealFiled", "appealed"),
        ("ClaimPartiallyPaid", "partially paid"),
        ("ClaimPaid", "paid"),
        ("DenialWrittenOff", "written off"),
    ):
        for e in of(event_type):
            encounter = getattr(e, "encounter_id", None) or encounter_of.get(e.claim_id)
            if encounter:
                claim_state[encounter] = state
    states: Counter[str] = Counter(claim_state.values())
    states["registration incomplete"] = len(incomplete)
    states["in coding review"] = len(in_review - set(claim_state))
    states["registered, not yet coded"] = len(registered - set(claim_state) - in_review)
    return {state: count for state, count in states.items() if count}
