"""What a use case returns: the record to store, the events to publish, and what happened."""

from __future__ import annotations

from dataclasses import dataclass

from rcm_schemas.envelope import Event

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import Outcome


@dataclass(frozen=True)
class ClaimDecision:
    """Store `record` and publish `events` in one document write (outbox); nothing at all when unchanged."""

    record: ClaimRecord
    outcome: Outcome
    events: tuple[Event, ...] = ()
    reason: str = ""

    @property
    def changed(self) -> bool:
        return self.outcome in ("applied", "stale")


@dataclass(frozen=True)
class CorrectionDecision:
    """A correction touches two claims: the original (now replaced) and the new replacement."""

    original: ClaimRecord
    replacement: ClaimRecord | None
    outcome: Outcome
    events: tuple[Event, ...] = ()
    reason: str = ""
