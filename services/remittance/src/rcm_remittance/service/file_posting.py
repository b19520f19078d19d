"""Post an 835 file, the pure part: the caller supplies what is known and stores what comes back.

Two steps so the use case around it (service/posting.py) can batch its reads: read_remittance_file (parse +
validate, nothing posted on any error), then claim_ids_in to fetch our claims (and the ledger entries of
reversed claims), then post_remittances. post_remittance_file does both for callers that already hold
everything.
"""

from __future__ import annotations

import gc
from collections.abc import Container, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from rcm_schemas.envelope import Event
from rcm_x12 import RemitClaim, Remittance, claim_problems

from rcm_remittance.domain.adjudication import INFORMATIONAL_STATUSES, REVERSAL_STATUS
from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import ZERO, LedgerEntry
from rcm_remittance.domain.posting_rules import PostingSource, provider_entries, recouped_claim_ids
from rcm_remittance.domain.reconciliation import (
    ClaimReconciliation,
    RemittanceReconciliation,
    payment_total,
    provider_adjustment_total,
)
from rcm_remittance.domain.remittance_identity import claims_with_occurrence, payer_id_of, remittance_key
from rcm_remittance.domain.underpayment import UnderpaymentCheck
from rcm_remittance.domain.unmatched import UnmatchedItem
from rcm_remittance.service.claim_posting import ClaimPosting, RemittanceContext, claim_item, post_claim
from rcm_remittance.service.event_translation import events_for
from rcm_remittance.service.file_intake import read_remittance_file
from rcm_remittance.service.takeback_events import takeback_events


@dataclass(frozen=True)
class RemittancePosting:
    """The result for one 835 transaction. duplicate: its key was posted before, so it produced nothing."""

    remittance_key: str
    payer_id: str
    trace_number: str
    duplicate: bool
    claims: tuple[ClaimPosting, ...] = ()
    informational_claims: tuple[RemitClaim, ...] = ()  # CLP02 23/25: nothing to post
    unmatched: tuple[UnmatchedItem, ...] = ()
    provider_entries: tuple[LedgerEntry, ...] = ()
    reconciliation: RemittanceReconciliation | None = None
    events: tuple[Event, ...] = ()  # per claim: PaymentPosted, then ClaimPaid/PartiallyPaid/Denied/Reversed;
    # then a PaymentTakenBack per takeback nothing in the 835 answers

    @property
    def entries(self) -> list[LedgerEntry]:
        return [entry for claim in self.claims for entry in claim.entries] + list(self.provider_entries)


@dataclass(frozen=True)
class FilePosting:
    remittances: tuple[RemittancePosting, ...]

    @property
    def entries(self) -> list[LedgerEntry]:
        return [entry for remittance in self.remittances for entry in remittance.entries]

    @property
    def unmatched(self) -> list[UnmatchedItem]:
        return [item for remittance in self.remittances for item in remittance.unmatched]

    @property
    def events(self) -> list[Event]:
        return [event for remittance in self.remittances for event in remittance.events]

    @property
    def claim_postings(self) -> list[ClaimPosting]:
        return [claim for remittance in self.remittances for claim in remittance.claims]


def _reconciled(posting: ClaimPosting) -> ClaimReconciliation:
    claim = posting.remit_claim
    return ClaimReconciliation(
        posting.claim_id,
        claim.status,
        posting.outcome,
        posting.amounts,
        remark_codes=(*claim.outpatient_remarks, *claim.inpatient_remarks),
        covered_days=claim.covered_days,
        outpatient_adjudication=claim.outpatient_adjudication,
        inpatient_adjudication=claim.inpatient_adjudication,
    )


def claim_ids_in(remittances: Sequence[Remittance]) -> set[str]:
    """CLP01 of every claim, and the claims PLB recoupments name: the ids to look up among our claims."""
    ids = {claim.claim_id for remittance in remittances for claim in remittance.claims}
    return ids | {claim_id for r in remittances for claim_id in recouped_claim_ids(r.provider_adjustments)}


def reversed_claim_ids(remittances: Sequence[Remittance]) -> set[str]:
    """Claims whose prior ledger entries the wiring must load so a reversal can negate them."""
    return {
        claim.claim_id
        for remittance in remittances
        for claim in remittance.claims
        if claim.status == REVERSAL_STATUS
    }


def _post_one(
    remittance: Remittance,
    known_claims: Mapping[str, KnownClaim],
    prior_entries: Mapping[str, Sequence[LedgerEntry]],
    posted_at: datetime,
    tenant_id: str,
    underpayments: UnderpaymentCheck | None = None,
) -> RemittancePosting:
    payer_id = payer_id_of(remittance)
    key = remittance_key(payer_id, remittance.trace_number)
    source = PostingSource(key, payer_id, remittance.trace_number, posted_at, tenant_id)
    context = RemittanceContext(source, remittance.payer.name, remittance.payment_date)
    postings: list[ClaimPosting] = []
    informational: list[RemitClaim] = []
    unmatched: list[UnmatchedItem] = []
    for remit_claim, occurrence in claims_with_occurrence(remittance.claims):
        if remit_claim.status in INFORMATIONAL_STATUSES:
            informational.append(remit_claim)
            continue
        problems = claim_problems(remit_claim)
        if problems:  # the payer's error in this claim alone: the rest of the file posts
            unmatched.append(
                claim_item(context, remit_claim, occurrence, "invalid_claim", "; ".join(problems))
            )
            continue
        known = known_claims.get(remit_claim.claim_id)
        if known is None:
            unmatched.append(claim_item(context, remit_claim, occurrence))
            continue
        if known.never_sent_to(payer_id, remit_claim.status):
            problem = (
                f"answered as a later payer (CLP02 {remit_claim.status}) on a claim we sent to another payer"
            )
            unmatched.append(claim_item(context, remit_claim, occurrence, "secondary_not_sent", problem))
            continue
        prior = prior_entries.get(known.claim_id, ())
        posting, queued = post_claim(context, remit_claim, occurrence, known, prior)
        postings.append(posting)
        unmatched.extend(queued)
    plb_entries = provider_entries(source, remittance.provider_adjustments, known_claims)
    reconciliation = RemittanceReconciliation(
        remittance_key=key,
        payer_id=payer_id,
        trace_number=remittance.trace_number,
        file_total=remittance.payment_amount,
        posted_payment_total=payment_total(e for posting in postings for e in posting.entries),
        unmatched_payment_total=sum((item.paid for item in unmatched), ZERO),
        provider_adjustment_total=provider_adjustment_total(plb_entries),
        claims=tuple(_reconciled(posting) for posting in postings),
    )
    return RemittancePosting(
        key,
        payer_id,
        remittance.trace_number,
        False,
        tuple(postings),
        tuple(informational),
        tuple(unmatched),
        tuple(plb_entries),
        reconciliation,
        (
            *(event for posting in postings for event in events_for(posting, underpayments)),
            # Last, so the ids of the per-claim events (derived from their position) never move.
            *takeback_events(context, postings, plb_entries, known_claims),
        ),
    )


def post_remittances(
    remittances: Sequence[Remittance],
    known_claims: Mapping[str, KnownClaim],
    posted_at: datetime,
    prior_entries: Mapping[str, Sequence[LedgerEntry]] | None = None,
    already_posted: Container[str] = frozenset(),
    tenant_id: str = "",
    underpayments: UnderpaymentCheck | None = None,
) -> FilePosting:
    """Post validated remittances for `tenant_id`. already_posted holds the remittance keys this tenant has
    posted earlier; a key seen twice in one file also posts once. `underpayments` compares what the payers
    allowed with the clinic's contracts (UnderpaymentFound); None leaves that out."""
    seen: set[str] = set()
    results: list[RemittancePosting] = []
    for remittance in remittances:
        payer_id = payer_id_of(remittance)
        key = remittance_key(payer_id, remittance.trace_number)
        if key in seen or key in already_posted:
            results.append(RemittancePosting(key, payer_id, remittance.trace_number, duplicate=True))
            continue
        seen.add(key)
        results.append(
            _post_one(remittance, known_claims, prior_entries or {}, posted_at, tenant_id, underpayments)
        )
    return FilePosting(tuple(results))


def post_remittance_file(
    text: str,
    known_claims: Mapping[str, KnownClaim],
    posted_at: datetime,
    prior_entries: Mapping[str, Sequence[LedgerEntry]] | None = None,
    already_posted: Container[str] = frozenset(),
) -> FilePosting:
    """Parse, validate, post. Raises RemittanceFileRejected (and returns nothing) for a malformed file."""
    remittances = read_remittance_file(text)
    with gc_paused():
        return post_remittances(remittances, known_claims, posted_at, prior_entries, already_posted)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Posting a large file allocates ~10 acyclic objects per CAS triple (entries, event models); the cyclic
    collector would rescan them all repeatedly for nothing, which roughly doubles posting time (measured with
    `python -m rcm_remittance.bench`). Same reasoning as rcm_x12.read_835's pause_gc."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
