"""The four worklists people work all day, kept from the events: an item opens when a service asks a person for
something and closes when the event that settles it arrives (whoever settled it, from the console or elsewhere).

front_desk: registrations that could not complete (RegistrationIncomplete) until registered or corrected.
coding:     encounters waiting for a coder's review (CodingReviewRequired) until coded.
holds:      claims the scrubber held (ClaimHeld) until submitted.
denials:    denials routed to a person (DenialRouted) until appealed, written off, corrected, or paid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from rcm_schemas import EventMessage


class Worklist(StrEnum):
    front_desk = "front_desk"
    coding = "coding"
    holds = "holds"
    denials = "denials"


@dataclass(frozen=True)
class OpenItem:
    worklist: Worklist
    key: str
    """The encounter (front desk, coding) or claim (holds, denials) the item is about: one open item per key."""
    work_item_id: str
    encounter_id: str | None
    claim_id: str | None
    payer_id: str | None
    amount: Decimal | None
    reason: str
    opened_at: datetime
    deadline: date | None = None
    queue: str | None = None

    def age_days(self, today: date) -> int:
        return max((today - self.opened_at.date()).days, 0)


@dataclass(frozen=True)
class CloseItem:
    worklist: Worklist
    key: str
    closed_by: str


Change = OpenItem | CloseItem
DENIAL_SETTLERS = (
    "AppealFiled",
    "DenialWrittenOff",
    "CorrectionRequested",
    "ClaimPaid",
    "ClaimPartiallyPaid",
)


def _encounter_item(worklist: Worklist, event: Any, reason: str, at: datetime) -> OpenItem:
    """An item about an encounter before it is a claim: no claim, payer or amount yet."""
    return OpenItem(
        worklist, event.encounter_id, event.work_item_id, event.encounter_id, None, None, None, reason, at
    )


def worklist_changes(message: EventMessage) -> list[Change]:
    event: Any = message.payload
    kind, at = message.envelope.event_type, message.envelope.occurred_at
    if kind == "RegistrationIncomplete":
        reason = "; ".join(p.code for p in event.problems)
        return [_encounter_item(Worklist.front_desk, event, reason, at)]
    if kind in ("EncounterRegistered", "EncounterCoverageCorrected"):
        return [CloseItem(Worklist.front_desk, event.encounter_id, kind)]
    if kind == "CodingReviewRequired":
        reason = "; ".join(f.rule_id for f in event.findings) or "review"
        return [_encounter_item(Worklist.coding, event, reason, at)]
    if kind == "EncounterCoded":
        return [CloseItem(Worklist.coding, event.encounter_id, kind)]
    if kind == "ClaimHeld":
        reason = "; ".join(f.rule_id for f in event.findings)
        return [
            OpenItem(
                Worklist.holds,
                event.claim_id,
                event.work_item_id,
                event.encounter_id,
                event.claim_id,
                event.payer_id,
                event.total_charge,
                reason,
                at,
            )
        ]
    if kind == "ClaimSubmitted":
        closes: list[Change] = [CloseItem(Worklist.holds, event.claim_id, kind)]
        if event.original_claim_id:  # the denied claim was corrected and sent again
            closes.append(CloseItem(Worklist.denials, event.original_claim_id, kind))
        return closes
    if kind == "DenialRouted":
        reason = ", ".join(event.carc_codes) or event.root_cause
        return [
            OpenItem(
                Worklist.denials,
                event.claim_id,
                event.work_item_id,
                None,
                event.claim_id,
                event.payer_id,
                event.amount_at_risk,
                f"{event.root_cause}: {reason}",
                at,
                event.deadline,
                event.queue,
            )
        ]
    if kind in DENIAL_SETTLERS:
        return [CloseItem(Worklist.denials, event.claim_id, kind)]
    return []


SORT_KEYS: dict[str, Callable[[OpenItem], Any]] = {
    "opened_at": lambda r: r.opened_at,
    "amount": lambda r: r.amount if r.amount is not None else Decimal(0),
    "deadline": lambda r: r.deadline or date.max,
    "payer": lambda r: r.payer_id or "",
    "claim": lambda r: r.key,
}


@dataclass(frozen=True)
class WorklistQuery:
    worklist: Worklist
    sort: str = "opened_at"
    """One of SORT_KEYS."""
    descending: bool = False
    payer_id: str | None = None
    search: str | None = None
    """A claim or encounter id, or the start of one."""
    offset: int = 0
    size: int = 50


@dataclass(frozen=True)
class WorklistPage:
    rows: list[OpenItem]
    total: int
    """Items matching the filters, on every page."""


def ordered_by(rows: list[OpenItem], sort: str) -> list[OpenItem]:
    """Ascending by the sort key, ties by the item's key (so pages never overlap)."""
    key = SORT_KEYS[sort]
    return sorted(rows, key=lambda r: (key(r), r.key))


def cut(ordered: list[OpenItem], query: WorklistQuery) -> WorklistPage:
    """Filter rows already in the query's sort order (ascending; reversed here when descending), then one page."""
    chosen: Iterable[OpenItem] = reversed(ordered) if query.descending else ordered
    if query.payer_id:
        chosen = (r for r in chosen if r.payer_id == query.payer_id)
    if query.search:
        wanted = query.search.strip().upper()
        chosen = (r for r in chosen if r.key.upper().startswith(wanted))
    matching = list(chosen)
    return WorklistPage(rows=matching[query.offset : query.offset + query.size], total=len(matching))


def page_of(rows: list[OpenItem], query: WorklistQuery) -> WorklistPage:
    return cut(ordered_by(rows, query.sort), query)
