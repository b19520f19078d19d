"""The append-only ledger: every posting is an immutable entry; balances are computed, never stored.

Entries are frozen slotted dataclasses rather than Pydantic models because a 10,000-claim 835 produces some
60,000 of them in one call and validation would only re-check values this module computed itself. The
database sees integer cents (to_document); the code sees Decimal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from rcm_codesets.carc_categories import UNKNOWN, carc_category
from rcm_schemas.money import from_cents, to_cents
from rcm_schemas.vocabulary import CONTRACTUAL_CARCS

ZERO = Decimal("0.00")

EntryKind = Literal[
    "payment",
    "adjustment",
    "patient_responsibility",
    "provider_adjustment",
    "write_off",
    "patient_payment",
    "refund",
    "small_balance_write_off",
    "interest",
    "reclassification",
]
"""provider_adjustment is a PLB amount: provider-level, tied to no claim (positive reduces the payment).
write_off is a denial written off by denials (DenialWrittenOff): no remittance, the denied amount leaves A/R.
patient_payment is money the patient paid (POST /patients/{id}/payments): it lowers the patient balance.
refund is a credit balance paid back (POST /claims/{id}/refunds): to the patient (payer_id PATIENT) or to the
payer; it raises that side's balance back towards zero.
small_balance_write_off is a patient balance below the clinic's threshold, written off by a statement cycle.
interest is prompt-pay interest a payer added to a claim (835 AMT*I, inside CLP04): income on top of the charge,
so it changes no balance and never shows as a credit to refund.
reclassification moves an unclassified amount (reverses_entry_id: its entry) to denied, once a reviewer has given
its CARC a category (DenialReclassified); the original entry stays as it was."""

PATIENT = "PATIENT"
"""payer_id of the entries the patient's side of the account holds (payments, refunds to the patient)."""


def ledger_entry_id(*parts: object) -> str:
    """A deterministic id from the entry's coordinates (payer, trace, claim, line, adjustment index...).

    Re-posting the same file yields the same ids, so inserts keyed on _id are idempotent. Hashed because the
    readable form can exceed index-friendly lengths (trace numbers and claim ids are up to 50/38 chars).
    """
    key = "\x1f".join(str(part) for part in parts)
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One immutable posting. claim_id is None only for provider-level (PLB) entries."""

    entry_id: str
    remittance_key: str
    payer_id: str
    trace_number: str
    claim_id: str | None
    line_number: int | None  # our claim line; None for claim-level amounts
    amount: Decimal
    kind: EntryKind
    group_code: str | None  # CAS01: CO, PR, OA, PI, CR; None for payments and PLB
    carc: str | None  # CAS reason code; None for payments
    posted_at: datetime
    claim_status: str = ""  # CLP02 of the posting remittance claim
    payer_claim_number: str = ""  # CLP07, finds the original posting when the payer reverses it
    remit_line_index: int | None = None  # 1-based SVC position in the payer's claim, for tracing
    reverses_entry_id: str | None = None  # set on the negated copy a reversal (CLP02 = 22) writes
    provider_id: str | None = None  # PLB01
    plb_reason: str | None = None  # PLB03-1 (WO, L6, FB ...)
    plb_reference: str | None = None  # PLB03-2
    payment_method: str | None = None  # card, cash or check, for a patient payment

    def to_document(self) -> dict[str, Any]:
        """The Mongo document: _id is the deterministic id, money is integer cents."""
        return {
            "_id": self.entry_id,
            "remittance_key": self.remittance_key,
            "payer_id": self.payer_id,
            "trace_number": self.trace_number,
            "claim_id": self.claim_id,
            "line_number": self.line_number,
            "amount_cents": to_cents(self.amount),
            "kind": self.kind,
            "group_code": self.group_code,
            "carc": self.carc,
            "posted_at": self.posted_at,
            "claim_status": self.claim_status,
            "payer_claim_number": self.payer_claim_number,
            "remit_line_index": self.remit_line_index,
            "reverses_entry_id": self.reverses_entry_id,
            "provider_id": self.provider_id,
            "plb_reason": self.plb_reason,
            "plb_reference": self.plb_reference,
            "payment_method": self.payment_method,
        }

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> LedgerEntry:
        fields = {k: v for k, v in document.items() if k not in ("_id", "amount_cents")}
        return cls(entry_id=document["_id"], amount=from_cents(document["amount_cents"]), **fields)


PRIOR_PAYER_CARC = "23"
"""OA-23: the impact of the prior payer's adjudication on a secondary claim; settled there, not denied here."""

Category = Literal[
    "payer_payment",
    "contractual",
    "denial",
    "transfer_to_patient",
    "denial_write_off",
    "patient_payment",
    "patient_refund",
    "payer_refund",
    "small_balance_write_off",
    "other_adjustment",
    "provider_level",
    "interest",
    "payer_recoupment",
    "unclassified",
    "reclassified_to_denial",
]
"""What an entry does to the claim's account (kpi-definitions.md, adjustment categories)."""


def category_of(entry: LedgerEntry) -> Category:
    """Contractual is the CO-45 family only (CONTRACTUAL_CARCS); CR and OA-23 are other adjustments; any other CO,
    OA or PI amount is a denial, which changes no balance: the amount stays owed by the payer, marked denied,
    until paid, written off or reversed. One whose CARC has no category of ours is unclassified (under review):
    owed by the payer like a denial, but not counted as denied."""
    if entry.kind == "payment":
        return "payer_payment"
    if entry.kind == "patient_responsibility":
        return "transfer_to_patient"
    if entry.kind == "write_off":
        return "denial_write_off"
    if entry.kind == "patient_payment":
        return "patient_payment"
    if entry.kind == "refund":
        return "patient_refund" if entry.payer_id == PATIENT else "payer_refund"
    if entry.kind == "small_balance_write_off":
        return "small_balance_write_off"
    if entry.kind == "provider_adjustment":
        # A PLB recoupment naming one of our claims takes that claim's money back, as a refund to the payer would.
        return "payer_recoupment" if entry.claim_id is not None else "provider_level"
    if entry.kind == "interest":
        return "interest"
    if entry.kind == "reclassification":
        return "reclassified_to_denial"
    if entry.group_code == "CO" and (entry.carc or "").strip().upper() in CONTRACTUAL_CARCS:
        return "contractual"
    if entry.group_code == "CR" or (entry.group_code == "OA" and entry.carc == PRIOR_PAYER_CARC):
        return "other_adjustment"
    if _uncategorised(entry.carc or ""):
        return "unclassified"
    return "denial"


@cache
def _uncategorised(carc: str) -> bool:
    # A CARC with no category of ours (new, retired, mistyped) is not known to be a denial: denials sends it to a
    # person (DEN-CARC-UNRECOGNISED), so the books hold it apart instead of counting it denied. Cached: a few
    # codes repeat across thousands of entries.
    return carc_category(carc) == UNKNOWN


@dataclass(frozen=True)
class ClaimAccount:
    """One claim's books: what insurance and the patient still owe, each the sum of its entries to the cent.

    insurance balance = charges - payer payments - contractual - transferred to the patient - denial write-offs
    - other adjustments + refunds to the payer; patient balance = transferred to the patient - patient payments
    - small-balance write-offs + refunds to the patient. A denial moves nothing: its
    amount stays in the insurance balance, shown as `denied_open` (never more than that balance, so a later
    payment or a write-off settles it).
    """

    claim_id: str
    charges: Decimal
    payer_payments: Decimal = ZERO
    contractual: Decimal = ZERO
    transferred_to_patient: Decimal = ZERO
    denied: Decimal = ZERO
    denial_write_offs: Decimal = ZERO
    other_adjustments: Decimal = ZERO
    patient_payments: Decimal = ZERO
    patient_refunds: Decimal = ZERO
    payer_refunds: Decimal = ZERO
    small_balance_write_offs: Decimal = ZERO
    interest: Decimal = ZERO
    """Received on top of the charge: in no balance."""
    unclassified: Decimal = ZERO
    """Adjusted under a CARC we have no category for, under review: still in the insurance balance, not denied."""
    held_for_next_payer: Decimal = ZERO
    """A payer's patient share while the next coverage is billed and has not answered yet: in no field above, so
    still in the insurance balance (owed by the next payer) until that payer's answer says what the patient owes."""

    @property
    def insurance_balance(self) -> Decimal:
        return (
            self.charges
            - self.payer_payments
            - self.contractual
            - self.transferred_to_patient
            - self.denial_write_offs
            - self.other_adjustments
            + self.payer_refunds
        )

    @property
    def patient_balance(self) -> Decimal:
        return (
            self.transferred_to_patient
            - self.patient_payments
            - self.small_balance_write_offs
            + self.patient_refunds
        )

    @property
    def insurance_credit(self) -> Decimal:
        """What the claim owes back to the payer (an overpayment): refundable."""
        return max(ZERO, -self.insurance_balance)

    @property
    def patient_credit(self) -> Decimal:
        """What the claim owes back to the patient: refundable."""
        return max(ZERO, -self.patient_balance)

    @property
    def balance(self) -> Decimal:
        return self.insurance_balance + self.patient_balance

    @property
    def denied_open(self) -> Decimal:
        return max(ZERO, min(self.denied, self.insurance_balance))

    @property
    def status(self) -> str:
        """credit (owes money back), denied, with_payer, patient_due or settled."""
        if self.insurance_balance < ZERO or self.patient_balance < ZERO:
            return "credit"
        if self.denied_open > ZERO:
            return "denied"
        if self.insurance_balance > ZERO:
            return "with_payer"
        if self.patient_balance > ZERO:
            return "patient_due"
        return "settled"


_ACCOUNT_FIELD: dict[Category, str] = {
    "payer_payment": "payer_payments",
    "contractual": "contractual",
    "transfer_to_patient": "transferred_to_patient",
    "denial": "denied",
    "denial_write_off": "denial_write_offs",
    "other_adjustment": "other_adjustments",
    "patient_payment": "patient_payments",
    "patient_refund": "patient_refunds",
    "payer_refund": "payer_refunds",
    "payer_recoupment": "payer_refunds",
    "small_balance_write_off": "small_balance_write_offs",
    "interest": "interest",
    "unclassified": "unclassified",
}


def claim_account(claim_id: str, charges: Decimal, entries: Iterable[LedgerEntry]) -> ClaimAccount:
    """The claim's account from its entries; charges come from our claim (the ledger records money moves)."""
    return _account(claim_id, charges, [entry for entry in entries if entry.claim_id == claim_id])


_KEPT_FROM_A_SUPERSEDED_VERSION: frozenset[Category] = frozenset(
    {
        "payer_payment",
        "interest",
        "denial_write_off",
        "patient_payment",
        "patient_refund",
        "payer_refund",
        "payer_recoupment",
    }
)


@dataclass(frozen=True)
class PayerLeg:
    """Where a version of a claim stands in coordination of benefits (one account, a payer after another)."""

    next_payer_id: str | None = None
    """The payer billed after this version's: its patient share is held for that payer, not transferred."""
    follows_prior_payer: bool = False
    """A secondary or tertiary claim, whose prior payer's adjudication is already in this account."""

    def coordinated_away(self, entry: LedgerEntry) -> Literal["held", "prior_payer", None]:
        """`held`: a patient share the next payer answers for. `prior_payer`: an OA-23 naming what the prior
        payer did, which this account already holds entry by entry (counting it again would double it). The
        next payer's own answer may come under this claim's id too, when the payer forwarded it (crossover)."""
        next_payer = self.next_payer_id
        if entry.kind == "patient_responsibility" and next_payer and entry.payer_id != next_payer:
            return "held"
        is_prior_payer_impact = entry.group_code == "OA" and entry.carc == PRIOR_PAYER_CARC
        if is_prior_payer_impact and (
            self.follows_prior_payer or (next_payer and entry.payer_id == next_payer)
        ):
            return "prior_payer"
        return None


NO_LEG = PayerLeg()


def family_account(
    versions: Sequence[tuple[str, Sequence[LedgerEntry]]],
    charges: Decimal,
    *,
    rebilled_as: frozenset[str] = frozenset(),
    legs: Mapping[str, PayerLeg] | None = None,
) -> ClaimAccount:
    """One account for a claim and its replacements (`versions` oldest first, the last is the one owed): the
    replacement carries the original's balance, so the charge is counted once (the last version's).

    When the payer has adjudicated a replacement, that adjudication supersedes the earlier version's adjustments,
    patient share, denial and small-balance write-offs (a payer that also reverses the original nets them to zero
    anyway). Money that moved stays (payer and patient payments, refunds) and so do denial write-offs: a correction
    does not undo them, so an unreversed payment shows as a credit to refund rather than vanishing.

    `rebilled_as`: the ids of versions sent as a new original claim (frequency 1) after a correction, e.g. to
    another payer once the coverage was fixed. The version before one is superseded as soon as it is sent, not
    once adjudicated: its payer has decided for good, so its denial must not stay open A/R beside the new claim.

    `legs`: coordination of benefits. A claim to the next payer (secondary) continues the account of the claim
    before it instead of superseding it: both payers' answers count, the first payer's patient share is held
    for the next payer, and the next payer's OA-23 (the prior payer's impact) is not counted twice.
    """
    legs = legs or {}
    kept: list[LedgerEntry] = []
    held: dict[str, Decimal] = {}  # by the next payer it waits for
    for index, (claim_id, entries) in enumerate(versions):
        later = versions[index + 1] if index + 1 < len(versions) else None
        followed_by_next_payer = later is not None and legs.get(later[0], NO_LEG).follows_prior_payer
        superseded = (
            later is not None and not followed_by_next_payer and (bool(later[1]) or later[0] in rebilled_as)
        )
        leg = legs.get(claim_id, NO_LEG)
        for entry in entries:
            if superseded and category_of(entry) not in _KEPT_FROM_A_SUPERSEDED_VERSION:
                continue
            away = leg.coordinated_away(entry)
            if away == "held" and leg.next_payer_id:
                held[leg.next_payer_id] = held.get(leg.next_payer_id, ZERO) + entry.amount
            elif away is None:
                kept.append(entry)
    account = _account(versions[-1][0], charges, kept)
    answered = {entry.payer_id for _, entries in versions for entry in entries}
    waiting = sum((amount for payer, amount in held.items() if payer not in answered), ZERO)
    return replace(account, held_for_next_payer=waiting) if waiting else account


def _account(claim_id: str, charges: Decimal, entries: Iterable[LedgerEntry]) -> ClaimAccount:
    totals = dict.fromkeys(_ACCOUNT_FIELD.values(), ZERO)
    for entry in entries:
        if category_of(entry) == "reclassified_to_denial":
            # The one entry that moves money between two fields: out of "under review", into denied. Neither is
            # in a balance, so the balances (and the claim's reconciliation) are unchanged.
            totals["unclassified"] -= entry.amount
            totals["denied"] += entry.amount
            continue
        field_name = _ACCOUNT_FIELD.get(category_of(entry))
        if field_name is not None:
            totals[field_name] += entry.amount
    return ClaimAccount(claim_id=claim_id, charges=charges, **totals)
