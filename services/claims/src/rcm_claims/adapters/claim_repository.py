"""The claims collection as the use cases see it: ClaimRecords in, ClaimRecords out, through the kit's store.

The kit's aggregate store does the hard part (processed marker + state + outbox in one document write); this
adapter only translates between ClaimRecord and the stored state, and turns "nothing changed" into no write.
It works over any `Aggregates` (the Mongo store in production, the in-memory one in use-case tests).
"""

from __future__ import annotations

from rcm_platform.ports import Aggregates, Decision, State
from rcm_schemas import EventMessage

from rcm_claims.adapters.claim_documents import record_from_state, record_to_state
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.service.ports import ClaimDecide


class ClaimRepository:
    def __init__(self, store: Aggregates) -> None:
        self.store = store

    async def load(self, claim_id: str) -> ClaimRecord | None:
        state = await self.store.load(claim_id)
        return None if state is None else record_from_state(state)

    async def apply(self, claim_id: str, cause: EventMessage, decide: ClaimDecide) -> str:
        """Run a use case on one claim for one cause; returns the kit's outcome (applied, duplicate, ...)."""

        def decide_on_state(state: State | None) -> Decision | None:
            decision = decide(None if state is None else record_from_state(state))
            if decision is None or not decision.changed:
                return None
            return Decision(record_to_state(decision.record), decision.events)

        outcome = await self.store.handle(claim_id, cause, decide_on_state)
        return outcome.value
