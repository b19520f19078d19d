"""The books of a run from its events: one account per encounter, as the ledger would hold it.

An encounter's account gathers its claims (the original and any replacement: a replacement carries the original's
balance, so its charge replaces the original's instead of adding a second one). Insurance balance = charges -
payer payments - contractual - transferred to the patient - other adjustments - denial write-offs + refunds to
the payer; patient balance = transferred to the patient - patient payments - small-balance write-offs + refunds to
the patient (ClaimAccountPosted). A denial moves nothing: it stays in the
insurance balance, counted as denied until paid, written off or reversed (kpi-definitions.md, derived balances).
A held claim (never sent) is unbilled A/R.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from rcm_remittance.domain.ledger import ZERO, ClaimAccount


@dataclass
class EncounterAccount:
    encounter_id: str
    date_of_service: date
    charges: Decimal = ZERO
    billed: bool = False
    """At least one claim went out; a held-only encounter is unbilled."""
    payer_payments: Decimal = ZERO
    contractual: Decimal = ZERO
    transferred_to_patient: Decimal = ZERO
    other_adjustments: Decimal = ZERO
    denied: Decimal = ZERO
    denial_write_offs: Decimal = ZERO
    patient_payments: Decimal = ZERO
    small_balance_write_offs: Decimal = ZERO
    patient_refunds: Decimal = ZERO
    payer_refunds: Decimal = ZERO
    appealed: bool = False
    claim_ids: set[str] = field(default_factory=set)

    @property
    def book(self) -> ClaimAccount:
        """The same arithmetic remittance keeps each claim's account by (one definition of each balance)."""
        return ClaimAccount(
            claim_id=self.encounter_id,
            charges=self.charges,
            payer_payments=self.payer_payments,
            contractual=self.contractual,
            transferred_to_patient=self.transferred_to_patient,
            denied=self.denied,
            denial_write_offs=self.denial_write_offs,
            other_adjustments=self.other_adjustments,
            patient_payments=self.patient_payments,
            small_balance_write_offs=self.small_balance_write_offs,
            patient_refunds=self.patient_refunds,
            payer_refunds=self.payer_refunds,
        )

    @property
    def insurance_balance(self) -> Decimal:
        return self.book.insurance_balance

    @property
    def patient_balance(self) -> Decimal:
        return self.book.patient_balance

    @property
    def denied_open(self) -> Decimal:
        return self.book.denied_open


def encounter_accounts(of: Callable[[str], list[Any]]) -> dict[str, EncounterAccount]:
    """`of(event_type)` gives the payloads of one type (already filtered by tenant)."""
    accounts: dict[str, EncounterAccount] = {}
    encounter_of: dict[str, str] = {}

    def account(encounter_id: str, date_of_service: date) -> EncounterAccount:
        return accounts.setdefault(encounter_id, EncounterAccount(encounter_id, date_of_service))

    for held in of("ClaimHeld"):
        entry = account(held.encounter_id, held.date_of_service)
        entry.claim_ids.add(held.claim_id)
        entry.charges = held.total_charge
        encounter_of[held.claim_id] = held.encounter_id
    submitted = of("ClaimSubmitted")
    # What is owed is the version no other replaces (topic order is not time order across claims): a
    # replacement's charge replaces its original's, and a void (frequency 8) leaves nothing charged.
    replaced_by = {claim.original_claim_id: claim.claim_id for claim in submitted if claim.original_claim_id}
    superseded = set(replaced_by)
    # A new original (frequency 1) replacing a claim is a rebill, e.g. to the payer the coverage was corrected
    # to: the earlier payer has decided for good, so its adjudication is superseded as soon as the rebill is sent.
    rebills = {
        claim.claim_id for claim in submitted if claim.original_claim_id and claim.frequency_code == "1"
    }
    for claim in submitted:
        entry = account(claim.encounter_id, claim.date_of_service)
        entry.claim_ids.add(claim.claim_id)
        entry.billed = True
        encounter_of[claim.claim_id] = claim.encounter_id
        if claim.claim_id not in superseded:
            entry.charges = ZERO if claim.frequency_code == "8" else claim.total_charge
    for bill in of("SelfPayClaimBilled"):
        # Self-pay: the claim is the patient's bill, so the whole charge is billed and owed by the patient at once
        # (remittance books it as transferred to the patient): patient A/R, no insurance balance.
        entry = account(bill.encounter_id, bill.date_of_service)
        entry.claim_ids.add(bill.claim_id)
        entry.billed = True
        encounter_of[bill.claim_id] = bill.encounter_id
        entry.charges = bill.total_charge
        entry.transferred_to_patient = bill.total_charge
    postings = of("PaymentPosted")
    adjudicated = {posted.claim_id for posted in postings}
    claims_by_id = {claim.claim_id: claim for claim in submitted}
    for posted in postings:
        found = _account_of(posted.claim_id, encounter_of, accounts)
        if found is None:
            continue
        found.payer_payments += posted.paid_amount  # cash stays cash: an unreversed one shows as a credit
        successor = replaced_by.get(posted.claim_id)
        if successor in adjudicated or successor in rebills:
            # The payer adjudicated the replacement again in full (or the claim was rebilled elsewhere): that
            # supersedes this claim's adjustments, patient share and denial (a payer that also reverses the
            # original nets them to zero here as well).
            continue
        held, restates_prior_payer = _coordination_of_benefits(
            claims_by_id.get(posted.claim_id), posted.payer_id
        )
        found.contractual += posted.contractual_adjustment
        if not held:
            found.transferred_to_patient += posted.patient_responsibility
        if not restates_prior_payer:
            found.other_adjustments += posted.other_adjustment
        found.denied += getattr(posted, "denied_amount", ZERO)
    for written_off in of("DenialWrittenOff"):
        found = _account_of(written_off.claim_id, encounter_of, accounts)
        if found is not None:
            found.denial_write_offs += written_off.amount
    for posted_entry in of("ClaimAccountPosted"):
        found = _account_of(posted_entry.claim_id, encounter_of, accounts)
        if found is not None:
            _book_account_entry(found, posted_entry)
    for appeal in of("AppealFiled"):
        found = _account_of(appeal.claim_id, encounter_of, accounts)
        if found is not None:
            found.appealed = True
    return accounts


def _coordination_of_benefits(claim: Any, payer_id: str) -> tuple[bool, bool]:
    """As remittance books a visit billed to two payers: (the patient share is held for the payer billed next,
    the other adjustments are the next payer's OA-23 restating the prior payer's answer, already booked)."""
    if claim is None:
        return False, False
    next_payer = getattr(claim, "next_payer_id", None)
    held = bool(next_payer) and payer_id != next_payer
    restates = bool(getattr(claim, "primary_claim_id", None)) or (bool(next_payer) and payer_id == next_payer)
    return held, restates


def _book_account_entry(account: EncounterAccount, posted: Any) -> None:
    """A ClaimAccountPosted: money booked outside an 835 (patient payment, refund, small-balance write-off)."""
    if posted.entry_kind == "patient_payment":
        account.patient_payments += posted.amount
    elif posted.entry_kind == "small_balance_write_off":
        account.small_balance_write_offs += posted.amount
    elif posted.side == "patient":
        account.patient_refunds += posted.amount
    else:
        account.payer_refunds += posted.amount


def _account_of(
    claim_id: str, encounter_of: dict[str, str], accounts: dict[str, EncounterAccount]
) -> EncounterAccount | None:
    encounter_id = encounter_of.get(claim_id)
    return None if encounter_id is None else accounts.get(encounter_id)


@dataclass(frozen=True)
class Receivables:
    """A/R by the book, insurance and patient apart; credit balances apart (owed back, not receivable)."""

    insurance: Decimal
    patient: Decimal
    unbilled: Decimal
    denied: Decimal
    appealed: Decimal
    credits: Decimal

    @property
    def total(self) -> Decimal:
        return self.insurance + self.patient + self.unbilled


def receivables(accounts: Iterable[EncounterAccount]) -> Receivables:
    insurance = patient = unbilled = denied = appealed = credits = ZERO
    for entry in accounts:
        balance = entry.insurance_balance
        if balance < ZERO:
            credits += -balance
            balance = ZERO
        if not entry.billed:
            unbilled += balance
        else:
            insurance += balance
            denied += entry.denied_open
            if entry.appealed:
                appealed += balance
        patient += max(entry.patient_balance, ZERO)
        credits += max(-entry.patient_balance, ZERO)
    return Receivables(insurance, patient, unbilled, denied, appealed, credits)


def aged(
    accounts: Iterable[EncounterAccount],
    as_of: date,
    buckets: tuple[tuple[int, int, str], ...],
    balance_of: Callable[[EncounterAccount], Decimal],
) -> dict[str, Decimal]:
    """Balances by age from the date of service (kpi-definitions.md: A/R is aged by date of service)."""
    totals = {name: ZERO for _, _, name in buckets}
    for entry in accounts:
        amount = balance_of(entry)
        if amount <= ZERO:
            continue
        age = max((as_of - entry.date_of_service).days, 0)
        label = next(name for low, high, name in buckets if low <= age <= high)
        totals[label] += amount
    return totals


def days_in_ar(total_receivables: Decimal, charges: Decimal, days_of_charges: int) -> float | None:
    """AAFP practice days in A/R: receivables net of credits / average daily charges over the window."""
    if charges <= ZERO or days_of_charges <= 0:
        return None
    return round(float(total_receivables / (charges / days_of_charges)), 1)


def net_collection_rate(payments: Decimal, charges: Decimal, contractual: Decimal) -> float:
    """MGMA adjusted (net) collection: payments / (charges - contractual adjustments)."""
    adjusted = charges - contractual
    return round(float(payments / adjusted), 4) if adjusted > ZERO else 0.0
