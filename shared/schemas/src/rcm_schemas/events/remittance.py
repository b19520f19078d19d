"""Events of remittance (topic rcm.remittance.events, key claim_id) and its unmatched-queue command."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from rcm_schemas.codes import ClaimId, EntityId, Npi, PayerId, PlaceOfServiceCode, ProcedureCode, RarcCode
from rcm_schemas.envelope import Event
from rcm_schemas.events.common import Adjustment, RemitLine, Value
from rcm_schemas.money import Money
from rcm_schemas.registry import register, register_upcaster

ClaimStatusCode = Literal["1", "2", "3", "4", "19", "20", "21", "22", "23"]
"""CLP02 as the payer sent it: 1-3 and 19-21 processed/paid, 4 denied, 22 reversal, 23 not our claim."""


class _PostedShare(Event):
    """Fields of every PaymentPosted version; the versions share no subclass link, so isinstance stays exact."""

    EVENT_TYPE: ClassVar[str] = "PaymentPosted"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    payer_id: PayerId
    trace_number: str = Field(min_length=1, max_length=50)
    claim_status_code: ClaimStatusCode
    charge_amount: Money
    paid_amount: Money
    contractual_adjustment: Money
    patient_responsibility: Money
    other_adjustment: Money
    open_balance: Money
    ledger_entry_count: int = Field(ge=0)

    @model_validator(mode="after")
    def _reconciles(self) -> _PostedShare:
        accounted = (
            self.paid_amount
            + self.contractual_adjustment
            + self.patient_responsibility
            + self.other_adjustment
            + self.open_balance
        )
        if accounted != self.charge_amount:
            raise ValueError(
                f"amounts do not reconcile: {accounted} accounted for {self.charge_amount} charged"
            )
        return self


@register
class PaymentPostedV1(_PostedShare):
    """v1 of PaymentPosted: every CO amount was contractual and OA/PI amounts other adjustments, so a denial
    left the open balance at once. Kept so its schema is exported and its golden sample can be (re)generated."""

    SCHEMA_VERSION: ClassVar[int] = 1


@register
class PaymentPostedV2(_PostedShare):
    """One claim's share of a remittance was written to the ledger. The amounts reconcile: charge = paid +
    contractual + patient responsibility + other adjustments + open balance.

    v2: contractual is the CO-45 family only (rcm_schemas.vocabulary.CONTRACTUAL_CARCS) and other adjustments
    are CR and OA-23. A denied amount (any other CO, OA or PI) is not an adjustment: it stays in the open
    balance, and `denied_amount` says how much of it the payer denied, until the claim is paid, written off
    (DenialWrittenOff) or reversed. A v1 message is upcast with `denied_amount` 0 and its amounts as they were
    (v1 producers had already booked denials as adjustments). Kept so its schema is exported and its golden
    sample can be (re)generated; v3 added interest_amount.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    denied_amount: Money = Decimal("0.00")

    @model_validator(mode="after")
    def _denied_is_open(self) -> PaymentPostedV2:
        if self.denied_amount > 0 and self.denied_amount > self.open_balance:
            raise ValueError("denied_amount is part of the open balance and cannot exceed it")
        return self


def _payment_posted_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "denied_amount": "0.00"}


register_upcaster("PaymentPosted", 1, _payment_posted_v1_to_v2)


@register
class PaymentPosted(_PostedShare):
    """One claim's share of a remittance was written to the ledger. The amounts reconcile: charge = paid +
    contractual + patient responsibility + other adjustments + open balance (denied amounts are part of the
    open balance, as in v2: `denied_amount`).

    v3: `interest_amount` is the prompt-pay interest the payer added to the claim (835 AMT*I). It is on top of
    the charge, so it is not part of `paid_amount` nor of the equation above; the claim's money from the payer is
    paid_amount + interest_amount (what CLP04 says). A v2 message is upcast with interest_amount 0.
    """

    SCHEMA_VERSION: ClassVar[int] = 3

    denied_amount: Money = Decimal("0.00")
    interest_amount: Money = Decimal("0.00")

    @model_validator(mode="after")
    def _denied_is_open(self) -> PaymentPosted:
        if self.denied_amount > 0 and self.denied_amount > self.open_balance:
            raise ValueError("denied_amount is part of the open balance and cannot exceed it")
        return self


def _payment_posted_v2_to_v3(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "interest_amount": "0.00"}


register_upcaster("PaymentPosted", 2, _payment_posted_v2_to_v3)


class _Adjudicated(Event):
    """What the payer decided about one claim, with every line, so no consumer has to read the 835 again."""

    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    encounter_id: EntityId | None = None
    """Known when remittance matched the claim to a ClaimSubmitted it saw; None for a claim we never sent."""
    payer_id: PayerId
    trace_number: str = Field(min_length=1, max_length=50)
    payer_claim_control_number: str | None = Field(default=None, max_length=50)
    """CLP07: needed for REF*F8 on a replacement claim."""
    claim_status_code: ClaimStatusCode
    date_of_service: date | None = None
    payment_date: date | None = None
    charge_amount: Money
    paid_amount: Money
    patient_responsibility: Money = Decimal("0.00")
    claim_adjustments: tuple[Adjustment, ...] = ()
    """Claim-level CAS (not tied to a line)."""
    lines: tuple[RemitLine, ...] = ()


@register
class ClaimPaid(_Adjudicated):
    """Paid in full as allowed (any remaining amount is contractual or patient responsibility)."""

    EVENT_TYPE: ClassVar[str] = "ClaimPaid"


@register
class ClaimPartiallyPaid(_Adjudicated):
    """Some lines paid, some denied or reduced beyond contract: the denied lines carry their CARC/RARC."""

    EVENT_TYPE: ClassVar[str] = "ClaimPartiallyPaid"


class _DeniedClaim(_Adjudicated):
    """Fields of every ClaimDenied version; the versions share no subclass link, so isinstance stays exact."""

    EVENT_TYPE: ClassVar[str] = "ClaimDenied"

    denied_amount: Money
    place_of_service: PlaceOfServiceCode | None = None
    telehealth: bool = False
    billing_provider_npi: Npi | None = None
    rendering_provider_npi: Npi | None = None


@register
class ClaimDeniedV1(_DeniedClaim):
    """v1 of ClaimDenied, kept so its schema is exported and its golden sample can be (re)generated."""

    SCHEMA_VERSION: ClassVar[int] = 1


@register
class ClaimDenied(_DeniedClaim):
    """The payer denied the claim (CLP02 = 4) or every line: each line carries its group code, CARC, RARC and
    amounts, with payer, date of service, place of service and providers, so denials classifies without
    calling anyone.

    v2 adds claim_remark_codes (MOA/MIA remarks that v1 dropped); a v1 message is upcast with none.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    claim_remark_codes: tuple[RarcCode, ...] = ()


def _claim_denied_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    # v1 producers never read MOA/MIA, so "no claim-level remarks" is the truthful value, not a guess.
    return {**payload, "claim_remark_codes": []}


register_upcaster("ClaimDenied", 1, _claim_denied_v1_to_v2)


@register
class ClaimReversed(_Adjudicated):
    """The payer took back an earlier payment (CLP02 = 22); amounts are those of the reversal (negative)."""

    EVENT_TYPE: ClassVar[str] = "ClaimReversed"

    reversed_payer_claim_control_number: str | None = Field(default=None, max_length=50)


TakebackKind = Literal["reversal", "recoupment"]
RecoupmentReason = Literal["WO", "FB", "72", "J1"]


@register
class PaymentTakenBack(Event):
    """The payer took money back on one of our claims and, in the same 835, put nothing in its place: a claim
    reversal (CLP02 = 22) without a corrected adjudication of that claim, or a PLB recoupment (PLB03-1 WO, FB, 72
    or J1) naming the claim (PLB03-2) without a new payment on it. A person decides what follows (review, appeal
    the recoupment, or accept and rebill), so denials opens a work item. A reversal followed by the corrected
    claim in the same 835 is a re-adjudication, not a takeback: nothing is published for it.

    At most one per claim, kind and remittance (several recoupments of one claim in one 835 are added up); the
    amount is positive, what was taken back. ClaimReversed and PaymentPosted still say what was posted."""

    EVENT_TYPE: ClassVar[str] = "PaymentTakenBack"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    encounter_id: EntityId | None = None
    payer_id: PayerId
    trace_number: str = Field(min_length=1, max_length=50)
    """TRN02 of the 835 that took the money back: with the claim and kind, it identifies the takeback."""
    takeback_kind: TakebackKind
    amount: Money
    payer_claim_control_number: str | None = Field(default=None, max_length=50)
    recoupment_reasons: tuple[RecoupmentReason, ...] = ()
    """The PLB reasons of a recoupment (empty for a reversal)."""
    taken_back_on: date
    """BPR16, the 835's payment date."""
    date_of_service: date | None = None

    @model_validator(mode="after")
    def _positive_and_consistent(self) -> PaymentTakenBack:
        if self.amount <= 0:
            raise ValueError("amount is what the payer took back: more than 0")
        if (self.takeback_kind == "recoupment") != bool(self.recoupment_reasons):
            raise ValueError("recoupment_reasons are given for a recoupment, and only for one")
        return self


class UnderpaidLine(Value):
    """One line the payer allowed below its contract: expected = the contracted amount x units."""

    line_number: int = Field(ge=1, le=50)
    procedure_code: ProcedureCode
    units: int = Field(default=1, ge=1)
    allowed_amount: Money
    expected_amount: Money
    underpaid_amount: Money


@register
class UnderpaymentFound(Event):
    """A payer allowed less than the clinic's contract with it on some paid lines, by more than the tolerance.

    Found by remittance as it posts the 835 (it holds the contracts and the claim's place of service); denials
    opens a case in the appeals queue with a letter quoting the contract. `contract` names the contract row
    (payer, clinic, basis, effective date) so the letter and a person can find it; no PHI.
    """

    EVENT_TYPE: ClassVar[str] = "UnderpaymentFound"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    encounter_id: EntityId | None = None
    payer_id: PayerId
    trace_number: str = Field(min_length=1, max_length=50)
    payer_claim_control_number: str | None = Field(default=None, max_length=50)
    date_of_service: date | None = None
    paid_amount: Money
    """What the payer paid on the claim in this 835: a recovery is measured against it."""
    contract: str = Field(min_length=1, max_length=200)
    lines: tuple[UnderpaidLine, ...] = Field(min_length=1, max_length=50)
    underpaid_amount: Money


AccountEntryKind = Literal["patient_payment", "refund", "small_balance_write_off"]


@register
class ClaimAccountPosted(Event):
    """Remittance booked money on a claim's account outside any 835: a patient's payment (one event per visit it
    was applied to), a refund of a credit balance, or a patient balance written off as too small to bill.

    The amount is positive; `side` says which balance it moves (a patient payment and a small-balance write-off
    lower the patient's balance, a refund raises the side it is paid back to). The event id is derived from
    `reference_id` and the claim, so a retried request publishes the same event.
    """

    EVENT_TYPE: ClassVar[str] = "ClaimAccountPosted"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    patient_id: EntityId | None = None
    entry_kind: AccountEntryKind
    side: Literal["patient", "payer"]
    amount: Money
    reference_id: str = Field(min_length=1, max_length=80)
    """The payment, refund or statement cycle that booked it."""
    method: Literal["card", "cash", "check", "ach"] | None = None

    @model_validator(mode="after")
    def _positive(self) -> ClaimAccountPosted:
        if self.amount <= 0:
            raise ValueError("amount is more than 0: side says which balance it moves")
        return self


@register
class MatchRemittanceLine(Event):
    """Command from the unmatched queue: post a remittance claim/line that matched nothing to this claim."""

    EVENT_TYPE: ClassVar[str] = "MatchRemittanceLine"
    PARTITION_KEY: ClassVar[str] = "trace_number"

    trace_number: str = Field(min_length=1, max_length=50)
    payer_id: PayerId
    unmatched_item_id: EntityId
    claim_id: ClaimId
    line_number: int | None = Field(default=None, ge=1, le=50)
    """Our line to post to; None to match the whole remittance claim."""
    requested_by: str = Field(min_length=1, max_length=100)
