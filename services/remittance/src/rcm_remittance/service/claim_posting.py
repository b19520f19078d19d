"""Post one payer claim (CLP loop) to one of our claims: match lines, write entries, queue the rest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rcm_x12 import RemitClaim, RemitServiceLine

from rcm_remittance.domain.adjudication import Outcome, classify_claim
from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import LedgerEntry
from rcm_remittance.domain.line_matching import match_lines
from rcm_remittance.domain.posting_rules import (
    PostingSource,
    claim_level_entries,
    line_entries,
    reversal_entries,
)
from rcm_remittance.domain.reconciliation import PostedAmounts
from rcm_remittance.domain.unmatched import UnmatchedItem, UnmatchedReason, unmatched_item_id


@dataclass(frozen=True)
class RemittanceContext:
    """Where a claim came from: the ledger source plus what the unmatched queue shows a biller."""

    source: PostingSource
    payer_name: str
    payment_date: date


@dataclass(frozen=True)
class PostedLine:
    svc_index: int  # 1-based SVC position in the payer's claim
    line_number: int | None  # our line; None while the line waits in the unmatched queue
    line: RemitServiceLine


@dataclass(frozen=True)
class ClaimPosting:
    """Everything one CLP loop produced; translates 1:1 into PaymentPosted plus one adjudication event."""

    claim_id: str  # ours
    remit_claim: RemitClaim
    occurrence: int
    outcome: Outcome
    context: RemittanceContext
    known_claim: KnownClaim | None
    lines: tuple[PostedLine, ...]
    entries: tuple[LedgerEntry, ...]
    reversed_from_ledger: bool = False  # True when a reversal negated our original entries

    @property
    def amounts(self) -> PostedAmounts:
        return PostedAmounts.of(self.remit_claim.charge, self.entries)


def post_claim(
    context: RemittanceContext,
    remit_claim: RemitClaim,
    occurrence: int,
    known: KnownClaim,
    prior_entries: Sequence[LedgerEntry] = (),
) -> tuple[ClaimPosting, list[UnmatchedItem]]:
    """Entries for every matched line and the claim level; unmatched SVC lines become queue items.

    A reversal (CLP02 = 22) negates the original posting found in prior_entries; without one it posts the
    reversal's own (negative) amounts, which undo the same totals line by line.
    """
    source = context.source
    outcome = classify_claim(remit_claim)
    numbers = match_lines(remit_claim.lines, known.lines)
    lines = tuple(
        PostedLine(index, number, line)
        for index, (number, line) in enumerate(zip(numbers, remit_claim.lines, strict=True), start=1)
    )
    if outcome == "reversed":
        negated = reversal_entries(source, remit_claim, occurrence, known.claim_id, prior_entries)
        if negated is not None:
            posting = ClaimPosting(
                known.claim_id, remit_claim, occurrence, outcome, context, known, lines, tuple(negated), True
            )
            return posting, []
    entries: list[LedgerEntry] = []
    unmatched: list[UnmatchedItem] = []
    for posted in lines:
        if posted.line_number is None:
            unmatched.append(line_item(context, remit_claim, occurrence, posted.svc_index, known.claim_id))
            continue
        entries.extend(
            line_entries(
                source, remit_claim, occurrence, known.claim_id, posted.svc_index, posted.line_number
            )
        )
    entries.extend(claim_level_entries(source, remit_claim, occurrence, known.claim_id))
    posting = ClaimPosting(
        known.claim_id, remit_claim, occurrence, outcome, context, known, lines, tuple(entries)
    )
    return posting, unmatched


def line_item(
    context: RemittanceContext, remit_claim: RemitClaim, occurrence: int, svc_index: int, known_claim_id: str
) -> UnmatchedItem:
    source = context.source
    return UnmatchedItem(
        item_id=unmatched_item_id(
            source.tenant_id, source.remittance_key, remit_claim.claim_id, occurrence, svc_index
        ),
        kind="line",
        reason="no_matching_line",
        remittance_key=source.remittance_key,
        payer_id=source.payer_id,
        payer_name=context.payer_name,
        trace_number=source.trace_number,
        payment_date=context.payment_date,
        claim=remit_claim,
        occurrence=occurrence,
        created_at=source.posted_at,
        svc_index=svc_index,
        known_claim_id=known_claim_id,
    )


def claim_item(
    context: RemittanceContext,
    remit_claim: RemitClaim,
    occurrence: int,
    reason: UnmatchedReason = "unknown_claim",
    problem: str = "",
) -> UnmatchedItem:
    source = context.source
    return UnmatchedItem(
        item_id=unmatched_item_id(
            source.tenant_id, source.remittance_key, remit_claim.claim_id, occurrence, None
        ),
        kind="claim",
        reason=reason,
        problem=problem,
        remittance_key=source.remittance_key,
        payer_id=source.payer_id,
        payer_name=context.payer_name,
        trace_number=source.trace_number,
        payment_date=context.payment_date,
        claim=remit_claim,
        occurrence=occurrence,
        created_at=source.posted_at,
    )
