"""Use case: a biller matched an unmatched queue item to one of our claims (MatchRemittanceLine).

Idempotent twice over: a command id already processed does nothing, and the entries get the ids an automatic
match would have given them (CLP01 as sent + SVC position), so even a second command for the same item
cannot post its money twice.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import datetime

from rcm_schemas.envelope import Event
from rcm_schemas.events.remittance import MatchRemittanceLine

from rcm_remittance.domain.adjudication import classify_claim
from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import LedgerEntry
from rcm_remittance.domain.posting_rules import PostingSource, claim_level_entries, line_entries
from rcm_remittance.domain.reconciliation import PostedAmounts
from rcm_remittance.domain.unmatched import UnmatchedItem
from rcm_remittance.service.claim_posting import (
    ClaimPosting,
    PostedLine,
    RemittanceContext,
    post_claim,
)
from rcm_remittance.service.event_translation import events_for, share_posted


class ManualMatchRefused(Exception):
    """The command cannot be applied (unknown item, unknown claim or line); the API answers 422."""


@dataclass(frozen=True)
class ManualMatch:
    command_id: str  # the envelope's event_id (or the HTTP request's idempotency key)
    unmatched_item_id: str
    claim_id: str
    line_number: int | None = None
    requested_by: str = ""

    @classmethod
    def from_command(cls, command: MatchRemittanceLine, command_id: str) -> ManualMatch:
        return cls(
            command_id, command.unmatched_item_id, command.claim_id, command.line_number, command.requested_by
        )


@dataclass(frozen=True)
class ManualMatchResult:
    command_id: str
    already_processed: bool
    resolved_item_id: str | None = None  # remove this item from the queue
    entries: tuple[LedgerEntry, ...] = ()
    events: tuple[Event, ...] = ()
    new_unmatched: tuple[UnmatchedItem, ...] = ()  # lines of a matched claim that still fit no line


def _post_line(
    context: RemittanceContext, item: UnmatchedItem, known: KnownClaim, line_number: int | None
) -> tuple[list[LedgerEntry], list[Event]]:
    line = item.line
    if line is None or item.svc_index is None:  # a line item always has both
        raise ManualMatchRefused(f"unmatched item {item.item_id} names no line")
    entries = line_entries(
        context.source, item.claim, item.occurrence, known.claim_id, item.svc_index, line_number
    )
    amounts = PostedAmounts.of(line.charge, entries)
    # The claim's adjudication event went out with the automatic posting; only the money moved now.
    return entries, [share_posted(known.claim_id, context.source, item.claim.status, amounts)]


def _post_whole_claim(
    context: RemittanceContext,
    item: UnmatchedItem,
    known: KnownClaim,
    line_number: int | None,
    prior_entries: Sequence[LedgerEntry],
) -> tuple[ClaimPosting, list[UnmatchedItem]]:
    if line_number is None:
        return post_claim(context, item.claim, item.occurrence, known, prior_entries)
    if len(item.claim.lines) > 1:
        raise ManualMatchRefused("a payer claim with several lines is matched to a claim, not to one line")
    entries = claim_level_entries(context.source, item.claim, item.occurrence, known.claim_id)
    lines: tuple[PostedLine, ...] = ()
    if item.claim.lines:
        lines = (PostedLine(1, line_number, item.claim.lines[0]),)
        entries = (
            line_entries(context.source, item.claim, item.occurrence, known.claim_id, 1, line_number)
            + entries
        )
    outcome = classify_claim(item.claim)
    return ClaimPosting(
        known.claim_id, item.claim, item.occurrence, outcome, context, known, lines, tuple(entries)
    ), []


def apply_manual_match(
    match: ManualMatch,
    item: UnmatchedItem | None,
    known: KnownClaim | None,
    posted_at: datetime,
    processed_command_ids: Container[str] = frozenset(),
    prior_entries: Sequence[LedgerEntry] = (),
    tenant_id: str = "",
) -> ManualMatchResult:
    """Post the item to the claim (and line) the biller chose; the wiring removes resolved_item_id."""
    if match.command_id in processed_command_ids:
        return ManualMatchResult(match.command_id, already_processed=True)
    if item is None or item.item_id != match.unmatched_item_id:
        raise ManualMatchRefused(f"no unmatched item {match.unmatched_item_id}")
    if item.reason == "invalid_claim":
        raise ManualMatchRefused(
            f"the payer's claim cannot be posted as sent ({item.problem}): ask the payer for a corrected 835"
        )
    if known is None or known.claim_id != match.claim_id:
        raise ManualMatchRefused(f"claim {match.claim_id} is not known to remittance")
    if match.line_number is not None and known.line(match.line_number) is None:
        raise ManualMatchRefused(f"claim {match.claim_id} has no line {match.line_number}")
    source = PostingSource(item.remittance_key, item.payer_id, item.trace_number, posted_at, tenant_id)
    context = RemittanceContext(source, item.payer_name, item.payment_date)
    if item.kind == "line":
        entries, events = _post_line(context, item, known, match.line_number)
        return ManualMatchResult(match.command_id, False, item.item_id, tuple(entries), tuple(events))
    posting, queued = _post_whole_claim(context, item, known, match.line_number, prior_entries)
    return ManualMatchResult(
        match.command_id, False, item.item_id, posting.entries, tuple(events_for(posting)), tuple(queued)
    )
