"""The claim lifecycle as an explicit state machine with a full history.

draft -> scrubbed | held; held -> scrubbed (edit or release); scrubbed -> submitted -> acknowledged |
rejected; scrubbed -> billed_to_patient (a self-pay visit: the claim is the patient's bill, no payer is asked, so
nothing follows it here); submitted/acknowledged -> paid | partially_paid | denied; denied -> paid (reprocessed);
paid/partially_paid/denied -> reversed -> re-adjudicated; denied/rejected/paid/partially_paid/reversed ->
replaced (a correction built a replacement claim under a new claim id, or, event rebilled, a new original
claim to another payer after the coverage was corrected). A payer may split a claim and answer
for its pieces one by one under the same claim id (CLP01): a denial after a payment, or a partial payment after
a payment, is such a later piece, and leaves the claim partially paid (SPLIT_PIECES). The tables below are the
whole truth.

Delivery is at-least-once and a replay may bring an older fact after a newer one, so every event carries its
id and time: a repeated id changes nothing, and a payer fact older than the last one applied is written to the
history as stale without moving the state. Everything else not in the table is refused, never guessed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class ClaimStatus(StrEnum):
    DRAFT = "draft"
    HELD = "held"
    SCRUBBED = "scrubbed"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    REJECTED = "rejected"
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DENIED = "denied"
    REVERSED = "reversed"
    REPLACED = "replaced"
    BILLED_TO_PATIENT = "billed_to_patient"


class ClaimEvent(StrEnum):
    SCRUB_PASSED = "scrub_passed"
    SCRUB_HELD = "scrub_held"
    RELEASED = "released"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    REJECTED = "rejected"
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DENIED = "denied"
    REVERSED = "reversed"
    REPLACED = "replaced"
    REBILLED = "rebilled"
    BILLED_TO_PATIENT = "billed_to_patient"
    # Notes on a silent claim's timeline that move nothing (see NOTES): our 276, the payer's 277, escalation.
    STATUS_INQUIRED = "status_inquired"
    STATUS_REPORTED = "status_reported"
    STATUS_ESCALATED = "status_escalated"


S = ClaimStatus
_EDITABLE = frozenset({S.DRAFT, S.HELD, S.SCRUBBED, S.REJECTED})
_ADJUDICATED = frozenset({S.PAID, S.PARTIALLY_PAID, S.DENIED, S.REVERSED})
_AWAITING_PAYER = frozenset({S.SUBMITTED, S.ACKNOWLEDGED})

TRANSITIONS: dict[ClaimEvent, tuple[frozenset[ClaimStatus], ClaimStatus]] = {
    ClaimEvent.SCRUB_PASSED: (_EDITABLE, S.SCRUBBED),
    ClaimEvent.SCRUB_HELD: (_EDITABLE, S.HELD),
    ClaimEvent.RELEASED: (frozenset({S.HELD}), S.SCRUBBED),
    ClaimEvent.SUBMITTED: (frozenset({S.SCRUBBED}), S.SUBMITTED),
    ClaimEvent.BILLED_TO_PATIENT: (frozenset({S.SCRUBBED}), S.BILLED_TO_PATIENT),
    ClaimEvent.ACKNOWLEDGED: (frozenset({S.SUBMITTED}), S.ACKNOWLEDGED),
    ClaimEvent.REJECTED: (_AWAITING_PAYER, S.REJECTED),
    ClaimEvent.PAID: (_AWAITING_PAYER | {S.DENIED, S.PARTIALLY_PAID, S.REVERSED}, S.PAID),
    ClaimEvent.PARTIALLY_PAID: (_AWAITING_PAYER | {S.DENIED, S.REVERSED}, S.PARTIALLY_PAID),
    ClaimEvent.DENIED: (_AWAITING_PAYER | {S.REVERSED}, S.DENIED),
    ClaimEvent.REVERSED: (frozenset({S.PAID, S.PARTIALLY_PAID, S.DENIED}), S.REVERSED),
    # From awaiting-payer too: the denial that asks for the correction is read from another topic than the
    # payer's outcome, so the correction can arrive before this service has applied that outcome.
    ClaimEvent.REPLACED: (_ADJUDICATED | _AWAITING_PAYER | {S.REJECTED}, S.REPLACED),
    # Coverage corrected to another payer: a new original claim goes there, and this one is closed for good
    # (replaced, its history saying "rebilled" and to whom), since the old payer has nothing left to decide.
    ClaimEvent.REBILLED: (_ADJUDICATED | _AWAITING_PAYER | {S.REJECTED}, S.REPLACED),
}
NOTES = frozenset({ClaimEvent.STATUS_INQUIRED, ClaimEvent.STATUS_REPORTED, ClaimEvent.STATUS_ESCALATED})
"""Events written to the history in any status without changing it (note_event): the claim status follow-up
of a claim that hears nothing. An answer "pending" or "finalized" is the payer's word, not yet its 835."""
SPLIT_PIECES: dict[tuple[ClaimEvent, ClaimStatus], ClaimStatus] = {
    (ClaimEvent.DENIED, S.PAID): S.PARTIALLY_PAID,
    (ClaimEvent.DENIED, S.PARTIALLY_PAID): S.PARTIALLY_PAID,
    (ClaimEvent.PARTIALLY_PAID, S.PAID): S.PARTIALLY_PAID,
}
"""(a later piece's outcome, the claim's status) -> the status after it: part of the claim is paid, part is not.
A reprocessing comes with a reversal first (CLP02 22), so a plain denial after a payment is a split piece."""

# Facts reported by the payer or clearinghouse: ordered by their own time, so an older one can be stale.
_PAYER_FACTS = frozenset(
    {
        ClaimEvent.ACKNOWLEDGED,
        ClaimEvent.REJECTED,
        ClaimEvent.PAID,
        ClaimEvent.PARTIALLY_PAID,
        ClaimEvent.DENIED,
        ClaimEvent.REVERSED,
    }
)

Outcome = Literal["applied", "duplicate", "stale", "refused"]


class HistoryEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str
    event: ClaimEvent
    at: datetime
    from_status: ClaimStatus
    to_status: ClaimStatus
    outcome: Literal["applied", "stale"]
    details: dict[str, str] = {}


class ClaimState(BaseModel):
    """Status and history of one claim; the claim's content lives beside it in the claim record."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: ClaimStatus = ClaimStatus.DRAFT
    history: tuple[HistoryEntry, ...] = ()
    last_payer_fact_at: datetime | None = None

    def has_seen(self, event_id: str) -> bool:
        return any(entry.event_id == event_id for entry in self.history)


class Transition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    state: ClaimState
    outcome: Outcome
    reason: str = ""

    @property
    def changed(self) -> bool:
        return self.outcome in ("applied", "stale")


def _is_stale(state: ClaimState, event: ClaimEvent, at: datetime) -> bool:
    if event not in _PAYER_FACTS:
        return False
    if event is ClaimEvent.ACKNOWLEDGED and state.status in _ADJUDICATED | {S.REPLACED}:
        return True  # the payer adjudicated it, so it was accepted: a late 277CA adds nothing
    return state.last_payer_fact_at is not None and at < state.last_payer_fact_at


def apply_event(
    state: ClaimState, event: ClaimEvent, event_id: str, at: datetime, details: dict[str, str] | None = None
) -> Transition:
    """The claim's state after one event; never raises for a bad event, the outcome says what happened."""
    if state.has_seen(event_id):
        return Transition(state=state, outcome="duplicate", reason=f"event {event_id} already applied")
    allowed_from, target = TRANSITIONS[event]
    split_target = SPLIT_PIECES.get((event, state.status))
    if split_target is not None:
        allowed_from, target = allowed_from | {state.status}, split_target
    stale = _is_stale(state, event, at)
    if not stale and state.status not in allowed_from:
        return Transition(
            state=state, outcome="refused", reason=f"{event} is not allowed from {state.status}"
        )
    entry = HistoryEntry(
        event_id=event_id,
        event=event,
        at=at,
        from_status=state.status,
        to_status=state.status if stale else target,
        outcome="stale" if stale else "applied",
        details=details or {},
    )
    last_fact = state.last_payer_fact_at
    if event in _PAYER_FACTS and not stale:
        last_fact = at if last_fact is None else max(last_fact, at)
    new_state = ClaimState(
        status=entry.to_status, history=(*state.history, entry), last_payer_fact_at=last_fact
    )
    return Transition(state=new_state, outcome=entry.outcome)


def note_event(
    state: ClaimState, event: ClaimEvent, event_id: str, at: datetime, details: dict[str, str] | None = None
) -> Transition:
    """The claim's history with one more note (NOTES) and the same status; a repeated id changes nothing."""
    if event not in NOTES:
        raise ValueError(f"{event} moves the claim: apply_event, not note_event")
    if state.has_seen(event_id):
        return Transition(state=state, outcome="duplicate", reason=f"event {event_id} already applied")
    entry = HistoryEntry(
        event_id=event_id,
        event=event,
        at=at,
        from_status=state.status,
        to_status=state.status,
        outcome="applied",
        details=details or {},
    )
    return Transition(state=state.model_copy(update={"history": (*state.history, entry)}), outcome="applied")
