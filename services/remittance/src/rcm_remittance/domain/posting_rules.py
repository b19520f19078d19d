"""Turn one remittance claim into ledger entries.

Per SVC line: the line payment (SVC03) and one entry per CAS triple (PR -> patient_responsibility, CO/OA/PI/CR
-> adjustment). Per claim: claim-level CAS, the interest (AMT*I) as an interest entry, and, when the rest of
CLP04 differs from the sum of SVC03 (claim-level CAS on a claim with lines, or no lines at all), a claim-level
payment for the difference, so payments + interest posted for a claim always equal CLP04. Zero amounts carry
no money and are not posted.

Entry ids use the claim id as the payer sent it (CLP01) and the SVC position, not our line number, so a line
posted later by a manual match gets the id it would have had if it had matched automatically.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from rcm_x12 import Adjustment, ProviderAdjustment, RemitClaim, RemitServiceLine

from rcm_remittance.domain.ledger import ZERO, EntryKind, LedgerEntry, ledger_entry_id


@dataclass(frozen=True)
class PostingSource:
    """The remittance an entry comes from, and when it was posted."""

    remittance_key: str
    payer_id: str
    trace_number: str
    posted_at: datetime
    tenant_id: str = ""
    """Part of every derived id (ledger entries, unmatched items): two tenants receiving the same 835 (a
    billing company and its clinic, a payer's resend) post two sets of entries, never one shared set."""


def _kind(adjustment: Adjustment) -> EntryKind:
    return "patient_responsibility" if adjustment.group == "PR" else "adjustment"


def _entry(
    source: PostingSource,
    claim: RemitClaim,
    claim_id: str,
    entry_id: str,
    amount: Decimal,
    kind: EntryKind,
    line_number: int | None = None,
    svc_index: int | None = None,
    adjustment: Adjustment | None = None,
) -> LedgerEntry:
    return LedgerEntry(
        entry_id=entry_id,
        remittance_key=source.remittance_key,
        payer_id=source.payer_id,
        trace_number=source.trace_number,
        claim_id=claim_id,
        line_number=line_number,
        amount=amount,
        kind=kind,
        group_code=adjustment.group if adjustment else None,
        carc=adjustment.reason if adjustment else None,
        posted_at=source.posted_at,
        claim_status=claim.status,
        payer_claim_number=claim.payer_claim_number,
        remit_line_index=svc_index,
    )


def line_entries(
    source: PostingSource,
    claim: RemitClaim,
    occurrence: int,
    claim_id: str,
    svc_index: int,
    line_number: int | None,
) -> list[LedgerEntry]:
    """Entries of the SVC line at 1-based svc_index, posted to our line line_number (None: claim level)."""
    line: RemitServiceLine = claim.lines[svc_index - 1]
    base = (source.tenant_id, source.remittance_key, claim.claim_id, occurrence, "svc", svc_index)
    entries: list[LedgerEntry] = []
    if line.paid:
        entry_id = ledger_entry_id(*base, "paid")
        entries.append(
            _entry(source, claim, claim_id, entry_id, line.paid, "payment", line_number, svc_index)
        )
    for index, adjustment in enumerate(line.adjustments, start=1):
        if adjustment.amount:
            entry_id = ledger_entry_id(*base, "cas", index)
            entries.append(
                _entry(
                    source,
                    claim,
                    claim_id,
                    entry_id,
                    adjustment.amount,
                    _kind(adjustment),
                    line_number,
                    svc_index,
                    adjustment,
                )
            )
    return entries


def claim_level_entries(
    source: PostingSource, claim: RemitClaim, occurrence: int, claim_id: str
) -> list[LedgerEntry]:
    """Claim-level CAS, the interest, and the part of CLP04 not carried by SVC03 amounts nor interest."""
    base = (source.tenant_id, source.remittance_key, claim.claim_id, occurrence, "claim")
    entries: list[LedgerEntry] = []
    remainder = claim.paid - claim.interest - sum((line.paid for line in claim.lines), ZERO)
    if remainder:
        entries.append(_entry(source, claim, claim_id, ledger_entry_id(*base, "paid"), remainder, "payment"))
    if claim.interest:
        entry_id = ledger_entry_id(*base, "interest")
        entries.append(_entry(source, claim, claim_id, entry_id, claim.interest, "interest"))
    for index, adjustment in enumerate(claim.adjustments, start=1):
        if adjustment.amount:
            entry_id = ledger_entry_id(*base, "cas", index)
            entries.append(
                _entry(
                    source,
                    claim,
                    claim_id,
                    entry_id,
                    adjustment.amount,
                    _kind(adjustment),
                    adjustment=adjustment,
                )
            )
    return entries


def _original_posting(
    claim: RemitClaim, claim_id: str, payer_id: str, prior: Sequence[LedgerEntry]
) -> list[LedgerEntry]:
    """The latest not-yet-reversed posting of this claim by this payer (same CLP07 when one matches)."""
    already_reversed = {entry.reverses_entry_id for entry in prior if entry.reverses_entry_id}
    candidates = [
        entry
        for entry in prior
        if entry.claim_id == claim_id
        and entry.payer_id == payer_id
        and entry.reverses_entry_id is None
        and entry.entry_id not in already_reversed
    ]
    candidates = [e for e in candidates if e.kind != "provider_adjustment"]  # a recoupment is not a posting
    same_number = [e for e in candidates if e.payer_claim_number == claim.payer_claim_number]
    candidates = same_number or candidates
    if not candidates:
        return []
    latest = max(candidates, key=lambda entry: (entry.posted_at, entry.remittance_key))
    return [entry for entry in candidates if entry.remittance_key == latest.remittance_key]


def reversal_entries(
    source: PostingSource, claim: RemitClaim, occurrence: int, claim_id: str, prior: Sequence[LedgerEntry]
) -> list[LedgerEntry] | None:
    """Negated copies of the original posting's entries, each referencing the entry it undoes.

    None when no original posting is found or its payments do not add up to the reversed amount (CLP04 of a
    reversal is the negated original payment); the caller then posts the reversal's own negative amounts.
    """
    original = _original_posting(claim, claim_id, source.payer_id, prior)
    paid = sum((entry.amount for entry in original if entry.kind in ("payment", "interest")), ZERO)
    if not original or paid != -claim.paid:
        return None
    return [
        replace(
            entry,
            entry_id=ledger_entry_id(
                source.remittance_key, claim.claim_id, occurrence, "reverses", entry.entry_id
            ),
            remittance_key=source.remittance_key,
            trace_number=source.trace_number,
            amount=-entry.amount,
            posted_at=source.posted_at,
            claim_status=claim.status,
            payer_claim_number=claim.payer_claim_number,
            reverses_entry_id=entry.entry_id,
        )
        for entry in original
    ]


RECOUPMENT_REASONS = frozenset({"WO", "FB", "72", "J1"})
"""PLB reasons by which a payer takes money back for one claim (overpayment recovery, forwarding balance,
authorized return, nonreimbursable): PLB03-2 names the claim."""


def recouped_claim_id(reason: str, reference: str) -> str:
    """The claim a recoupment names: the reference (PLB03-2) as we sent CLP01, or its first word; "" otherwise."""
    if reason not in RECOUPMENT_REASONS:
        return ""
    words = reference.split()
    return words[0] if words else ""


def recouped_claim_ids(adjustments: Iterable[ProviderAdjustment]) -> set[str]:
    """Every claim the PLB recoupments of a remittance name: the wiring looks them up with the CLP01s."""
    named = {recouped_claim_id(item.reason, item.reference) for plb in adjustments for item in plb.items}
    return named - {""}


def provider_entries(
    source: PostingSource, adjustments: Sequence[ProviderAdjustment], known_claim_ids: Container[str] = ()
) -> list[LedgerEntry]:
    """PLB items as provider-level entries: positive amounts reduce the payment (WO, FB...), negative ones
    increase it (L6 interest). A recoupment naming a claim of ours is tied to that claim (claim_id set): the
    money taken back shows in its account and history, not only in the remittance's total."""
    entries: list[LedgerEntry] = []
    for segment_index, plb in enumerate(adjustments, start=1):
        for item_index, item in enumerate(plb.items, start=1):
            recouped = recouped_claim_id(item.reason, item.reference)
            entry_id = ledger_entry_id(
                source.tenant_id, source.remittance_key, "plb", segment_index, item_index
            )
            entries.append(
                LedgerEntry(
                    entry_id=entry_id,
                    remittance_key=source.remittance_key,
                    payer_id=source.payer_id,
                    trace_number=source.trace_number,
                    claim_id=recouped if recouped and recouped in known_claim_ids else None,
                    line_number=None,
                    amount=item.amount,
                    kind="provider_adjustment",
                    group_code=None,
                    carc=None,
                    posted_at=source.posted_at,
                    provider_id=plb.provider_id,
                    plb_reason=item.reason,
                    plb_reference=item.reference or None,
                )
            )
    return entries
