"""The per-claim submission documents: the kit's aggregate store, the plan's events out through its outbox."""

from __future__ import annotations

from rcm_platform.ports import Aggregates, Decision, State
from rcm_schemas import EventMessage

from rcm_clearinghouse.adapters.event_translation import intake_events
from rcm_clearinghouse.adapters.stored_aggregates import AggregateReader
from rcm_clearinghouse.service.claim_intake import IntakePlan, Submission
from rcm_clearinghouse.service.outcomes import SentClaim


class SubmissionDocuments:
    def __init__(self, store: Aggregates, read: AggregateReader) -> None:
        self.store, self.read = store, read

    async def handled_before(self, claim_id: str, cause: EventMessage) -> bool:
        if not await self.store.has_processed(claim_id, str(cause.envelope.event_id)):
            return False
        # handle() of a processed cause changes nothing but re-publishes a pending outbox.
        await self.store.handle(claim_id, cause, lambda _: None)
        return True

    async def load(self, claim_id: str) -> State | None:
        return await self.store.load(claim_id)

    async def record(self, submission: Submission, cause: EventMessage, plan: IntakePlan) -> None:
        events = intake_events(plan, submission)
        await self.store.handle(submission.claim_id, cause, lambda _: Decision(plan.state, events))

    async def record_state(self, claim_id: str, cause: EventMessage, state: State) -> None:
        await self.store.handle(claim_id, cause, lambda _: Decision(state, []))

    async def of_tenant(self, claim_id: str, tenant_id: str) -> State | None:
        found = await self.read(claim_id)
        return found.state if found is not None and found.tenant_id == tenant_id else None

    async def sent_claim(self, claim_id: str) -> SentClaim | None:
        found = await self.read(claim_id)
        if found is None:
            return None
        state = found.state
        sent = [a for a in state.get("acknowledgments", []) if a.get("interchange_control_number")]
        interchange = sent[-1]["interchange_control_number"] if sent else "0"
        return SentClaim(claim_id, found.tenant_id, state["payer_id"], interchange)
