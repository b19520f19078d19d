"""Request and response bodies of the HTTP API. Money is a decimal string ("70.00"), dates ISO 8601 strings."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from rcm_schemas.codes import ClaimId
from rcm_schemas.money import MoneyInput


class MatchRequest(BaseModel):
    claim_id: str = Field(min_length=1, max_length=38)
    line_number: int | None = Field(default=None, ge=1, le=50)


class UploadAccepted(BaseModel):
    """202: the file is on its way to the posting subscriber as RemittanceReceived."""

    status: Literal["accepted"] = "accepted"
    event_id: str
    remittance_keys: list[str]


class UploadDuplicate(BaseModel):
    """200: every transaction of the file is already posted for this tenant; nothing is sent again. The keys
    are the original's: GET /remittances/{remittance_key} shows what was posted."""

    status: Literal["duplicate"] = "duplicate"
    remittance_keys: list[str]


class MatchAccepted(BaseModel):
    """202: the match is on its way to the owner of the queue item."""

    command_id: str


class CurrentReconciliation(BaseModel):
    """BPR02 against what is posted now (a manual match moves money from waiting to posted)."""

    file_total: str
    posted_payment_total: str
    unmatched_payment_total: str
    provider_adjustment_total: str
    difference: str
    balanced: bool


class ReconciliationAtPosting(BaseModel):
    remittance_key: str
    payer_id: str
    trace_number: str
    file_total: str
    posted_payment_total: str
    unmatched_payment_total: str
    provider_adjustment_total: str
    difference: str
    balanced: bool


class ClaimReconciliationView(BaseModel):
    claim_id: str
    claim_status: str
    outcome: str
    charge: str
    paid: str
    contractual: str
    patient_responsibility: str
    other_adjustment: str
    denied: str = "0.00"  # remittances posted before denials stayed in A/R have no such amount
    unclassified: str = "0.00"
    """Adjusted under a CARC we have no category for: under review, in the open balance, not denied."""
    open_balance: str
    remark_codes: list[str] = []
    """MOA/MIA remark codes (RARCs) the payer sent for the whole claim; remittances posted before have none."""
    covered_days: str | None = None
    """MIA01."""
    outpatient_adjudication: dict[str, str] | None = None
    """MOA amounts and rate, by name (hcpcs_payable_amount, reimbursement_rate ...): the payer's working, shown
    for the biller and never posted."""
    inpatient_adjudication: dict[str, str] | None = None
    """MIA amounts and day counts besides covered days (drg_amount, cost_report_days ...), likewise."""


class RemittanceView(BaseModel):
    """One posted 835 transaction; `claims` lists at most 1000 claims (`claims_truncated` says when more)."""

    posted: bool
    remittance_key: str
    payer_id: str
    payer_name: str
    trace_number: str
    payment_method: str
    payment_date: str
    file_total: str
    claim_count: int
    posted_claim_count: int
    informational_claim_count: int
    unmatched_count: int
    ledger_entry_count: int
    event_count: int
    outbox_pages: int
    source: str
    file_name: str | None
    claims_truncated: bool
    reconciliation: CurrentReconciliation
    reconciliation_at_posting: ReconciliationAtPosting
    claims: list[ClaimReconciliationView]


class LedgerEntryView(BaseModel):
    entry_id: str
    remittance_key: str
    payer_id: str
    trace_number: str
    claim_id: str | None
    line_number: int | None
    amount: str
    kind: str
    group_code: str | None
    carc: str | None
    claim_status: str
    payer_claim_number: str
    remit_line_index: int | None
    reverses_entry_id: str | None
    posted_at: str


class ClaimBalanceView(BaseModel):
    """The claim's account: insurance balance + patient balance = charges - payments - adjustments - write-offs
    + refunds. A denial changes no balance; `denied_open` is the part of the insurance balance the payer denied
    and nobody has yet recovered or written off."""

    claim_id: str
    status: Literal["credit", "denied", "with_payer", "patient_due", "settled"]
    charges: str
    payer_payments: str
    contractual_adjustments: str
    transferred_to_patient: str
    denied: str
    denial_write_offs: str
    other_adjustments: str
    patient_payments: str
    small_balance_write_offs: str
    refunds_to_patient: str
    refunds_to_payer: str
    interest: str = "0.00"
    """Prompt-pay interest the payer added (835 AMT*I): received on top of the charges, in no balance."""
    unclassified_under_review: str = "0.00"
    """Adjusted under a CARC we have no category for (a person in denials reviews it): still owed by the payer,
    so in the insurance balance, but not counted as denied nor in `denied_open`."""
    held_for_next_payer: str = "0.00"
    """What a payer left to the patient while another coverage is billed next (coordination of benefits): still
    in the insurance balance, owed by the next payer, until its answer says what the patient owes."""
    insurance_balance: str
    denied_open: str
    patient_balance: str
    balance: str
    claim_ids: list[str] = []
    """The claim and its versions, oldest first: a replacement carries its original's balance, and so does the
    claim to the next payer (secondary, tertiary), so each of them shows the one account."""
    replaced_by: str | None = None
    """The version now owed, when this claim has been replaced."""


class ClaimLedgerView(BaseModel):
    claim_id: str
    known_claim: bool
    entries: list[LedgerEntryView]
    balance: ClaimBalanceView


class UnmatchedItemView(BaseModel):
    """What a biller needs to find the right claim. Contains PHI (patient name, member id)."""

    item_id: str
    kind: str
    reason: str
    """unknown_claim, no_matching_line, invalid_claim (the payer's claim cannot be posted as sent), or
    secondary_not_sent (a payer answered as secondary for a claim we sent to another payer, and never to it)."""
    problem: str | None = None
    """invalid_claim: what is wrong, e.g. "charge - paid - adjustments = 10.00"."""
    payer_id: str
    payer_name: str
    trace_number: str
    payment_date: str
    payer_claim_id: str
    payer_claim_number: str
    claim_status: str
    patient_name: str
    patient_member_id: str
    known_claim_id: str | None
    procedure_code: str | None
    modifiers: list[str]
    original_procedure_code: str | None
    line_control_number: str | None
    service_date: str | None
    charge: str
    paid: str


class UnmatchedItems(BaseModel):
    items: list[UnmatchedItemView]


_CARD_NUMBER = re.compile(r"\d(?:[ -]?\d){12,18}")


class PatientPaymentBody(BaseModel):
    """A payment taken from a patient. The reference is a receipt, check or card-terminal transaction number,
    never a card number."""

    amount: MoneyInput
    method: Literal["card", "cash", "check"]
    reference: str = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9 ._/-]+$")
    apply_to_claim_id: ClaimId | None = None
    """Apply to this visit first (otherwise the oldest visit first)."""

    @field_validator("amount")
    @classmethod
    def _positive(cls, amount: Decimal) -> Decimal:
        if amount <= 0:
            raise ValueError("a payment must be more than 0")
        return amount

    @field_validator("reference")
    @classmethod
    def _not_a_card_number(cls, reference: str) -> str:
        if _CARD_NUMBER.search(reference):
            raise ValueError(
                "must not hold a card number (13 or more digits): give the terminal's transaction id"
            )
        return reference


class AppliedAmount(BaseModel):
    claim_id: str
    amount: str


class PatientPaymentView(BaseModel):
    payment_id: str
    patient_id: str
    amount: str
    applied: list[AppliedAmount]
    credit: str
    """The part beyond what the patient owed: a credit balance on the last visit applied to, to refund."""


class StatementLineView(BaseModel):
    claim_id: str
    date_of_service: str
    charges: str
    insurance_paid: str
    insurance_adjusted: str
    patient_paid: str
    patient_owes: str


class PlanStandingView(BaseModel):
    plan_id: str
    status: Literal["current", "completed", "defaulted"]
    """defaulted: an instalment is unpaid past the clinic's grace days; the account is dunned again."""
    total: str
    instalment_amount: str
    first_due_date: str
    paid: str
    remaining: str
    next_due_date: str | None
    next_amount: str


class StatementView(BaseModel):
    """What the patient is billed: visits whose insurance part is settled (a visit still with a payer is only
    counted as pending), with the notice its age calls for (statement, second notice, final notice,
    collections)."""

    patient_id: str
    as_of: str
    lines: list[StatementLineView]
    total_due: str
    pending_with_insurance: int
    notice: str
    """statement, second notice, final notice, collections; or payment plan while a plan is current."""
    oldest_unpaid_days: int
    amount_due_now: str
    """total_due, or on a current payment plan the next instalment plus anything owed beyond the plan."""
    payment_plan: PlanStandingView | None = None


class StatementCycleRequest(BaseModel):
    cycle_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    """Names the cycle (e.g. "2026-12"): running it again issues nothing new."""
    minimum_balance: MoneyInput | None = None
    """No statement for an amount due below this (default: the clinic's policy, 5.00 unless set)."""
    statement_date: date | None = None
    """The date printed on the statements, to which dunning age is counted (default: today; at most a year
    ahead, never in the past)."""


class IssuedStatementView(BaseModel):
    patient_id: str
    total_due: str
    amount_due_now: str
    notice: str


class WrittenOffBalanceView(BaseModel):
    patient_id: str
    amount: str


class StatementCycleView(BaseModel):
    cycle_id: str
    statement_date: str
    statements: list[IssuedStatementView]
    small_balances_written_off: list[WrittenOffBalanceView]


class PaymentPlanBody(BaseModel):
    plan_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    """The clinic's id for the agreement: agreeing again with the same id is a retry."""
    instalment_amount: MoneyInput
    first_due_date: date
    """Within 62 days from today."""

    @field_validator("instalment_amount")
    @classmethod
    def _positive(cls, amount: Decimal) -> Decimal:
        if amount <= 0:
            raise ValueError("an instalment must be more than 0")
        return amount


class RefundBody(BaseModel):
    """Paying back a credit balance of a claim: to the patient, or to the payer that overpaid."""

    to: Literal["patient", "payer"]
    amount: MoneyInput
    method: Literal["check", "card", "ach"]
    reference: str = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9 ._/-]+$")
    """Check number or transaction id, never a card or account number."""

    @field_validator("amount")
    @classmethod
    def _positive(cls, amount: Decimal) -> Decimal:
        if amount <= 0:
            raise ValueError("a refund must be more than 0")
        return amount

    @field_validator("reference")
    @classmethod
    def _not_a_card_number(cls, reference: str) -> str:
        if _CARD_NUMBER.search(reference):
            raise ValueError("must not hold a card or account number (13 or more digits)")
        return reference


class RefundView(BaseModel):
    refund_id: str
    claim_id: str
    """The claim version the refund was booked on (the current one of its family)."""
    to: str
    amount: str
    method: str | None
    posted_at: str


class PatientBillingPolicyBody(BaseModel):
    minimum_statement_balance: MoneyInput = Decimal("5.00")
    small_balance_write_off_below: MoneyInput = Decimal("0.00")
    """A statement cycle writes off an amount due below this instead of billing it (0: never)."""
    plan_grace_days: int = Field(default=15, ge=0, le=90)

    @field_validator("minimum_statement_balance", "small_balance_write_off_below")
    @classmethod
    def _not_negative(cls, amount: Decimal) -> Decimal:
        if amount < 0:
            raise ValueError("must be 0 or more")
        return amount


class PatientBillingPolicyView(BaseModel):
    minimum_statement_balance: str
    small_balance_write_off_below: str
    plan_grace_days: int
    changed_by: str | None
