"""PaymentTakenBack for the takebacks of one remittance that nothing in the same 835 replaces.

A reversal (CLP02 = 22) followed by the payer's corrected adjudication of the same claim, or of the replacement
that took its place, is a re-adjudication:
the new claim loop says what is owed, and denials hears of it as a payment or a denial. A reversal alone, or a
PLB recoupment naming our claim while the 835 pays nothing new on it, leaves money taken back with no answer:
that is what a person must look at, so it is published for denials to open a work item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import cast

from rcm_schemas.events.remittance import PaymentTakenBack, RecoupmentReason

from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import ZERO, LedgerEntry
from rcm_remittance.service.claim_posting import ClaimPosting, RemittanceContext


def _reversals(postings: Sequence[ClaimPosting]) -> list[ClaimPosting]:
    answers = [p for p in postings if p.outcome != "reversed"]
    # A replacement (frequency 7) comes back under its own CLP01 beside the reversal of the claim it replaces:
    # that reversal is answered too, by the claim that took the original's place.
    readjudicated = {p.claim_id for p in answers} | {
        p.known_claim.original_claim_id
        for p in answers
        if p.known_claim is not None and p.known_claim.original_claim_id is not None
    }
    return [p for p in postings if p.outcome == "reversed" and p.claim_id not in readjudicated]


def _recouped(
    postings: Sequence[ClaimPosting], plb_entries: Sequence[LedgerEntry]
) -> dict[str, list[LedgerEntry]]:
    newly_paid = {p.claim_id for p in postings if p.remit_claim.paid > 0}
    recouped: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in plb_entries:
        # claim_id is set on a PLB entry only for a recoupment naming a claim of ours (posting_rules).
        if entry.claim_id is not None and entry.claim_id not in newly_paid:
            recouped[entry.claim_id].append(entry)
    return recouped


def takeback_events(
    context: RemittanceContext,
    postings: Sequence[ClaimPosting],
    plb_entries: Sequence[LedgerEntry],
    known_claims: Mapping[str, KnownClaim],
) -> list[PaymentTakenBack]:
    """In claim order: the unanswered reversals, then the recoupments (one event per claim, amounts added)."""
    source = context.source
    events: list[PaymentTakenBack] = []
    for posting in _reversals(postings):
        taken = -posting.remit_claim.paid  # CLP04 of a reversal is the negated original payment
        if taken <= 0:
            continue  # the reversal of a denial takes no money back
        known = posting.known_claim
        events.append(
            PaymentTakenBack(
                claim_id=posting.claim_id,
                encounter_id=known.encounter_id if known else None,
                payer_id=source.payer_id,
                trace_number=source.trace_number,
                takeback_kind="reversal",
                amount=taken,
                payer_claim_control_number=posting.remit_claim.payer_claim_number or None,
                taken_back_on=context.payment_date,
                date_of_service=_date_of_service(known),
            )
        )
    for claim_id, entries in _recouped(postings, plb_entries).items():
        taken = sum((entry.amount for entry in entries), ZERO)
        if taken <= 0:
            continue
        known = known_claims.get(claim_id)
        events.append(
            PaymentTakenBack(
                claim_id=claim_id,
                encounter_id=known.encounter_id if known else None,
                payer_id=source.payer_id,
                trace_number=source.trace_number,
                takeback_kind="recoupment",
                amount=taken,
                recoupment_reasons=tuple(
                    dict.fromkeys(cast(RecoupmentReason, e.plb_reason) for e in entries)
                ),
                taken_back_on=context.payment_date,
                date_of_service=_date_of_service(known),
            )
        )
    return events


def _date_of_service(known: KnownClaim | None) -> date | None:
    return known.date_of_service if known is not None else None
