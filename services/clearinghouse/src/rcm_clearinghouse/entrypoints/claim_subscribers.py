"""Subscriber: ClaimSubmitted -> acknowledgment (and, when accepted, an adjudication kept until payday)."""

from __future__ import annotations

from rcm_platform import AggregateStore, Decision, PermanentError, Service
from rcm_schemas import EventMessage
from rcm_schemas.events.claims import ClaimSubmitted

from rcm_clearinghouse.adapters.event_translation import intake_events, submission_from
from rcm_clearinghouse.service.submission_handling import SubmissionHandling


def subscribe_claims(service: Service, submissions: AggregateStore, handling: SubmissionHandling) -> None:
    @service.consumer.on("ClaimSubmitted", topic="rcm.claims.events")
    async def on_claim_submitted(message: EventMessage) -> None:
        if not isinstance(message.payload, ClaimSubmitted):
            raise PermanentError("ClaimSubmitted payload expected")
        submission = submission_from(message.payload)
        if await was_handled(submissions, submission.claim_id, message):
            # handle() of a processed message changes nothing but re-publishes a pending outbox.
            await submissions.handle(submission.claim_id, message, lambda _: None)
            return
        plan = await handling.plan(submission, await submissions.load(submission.claim_id))
        await submissions.handle(
            submission.claim_id, message, lambda _: Decision(plan.state, intake_events(plan, submission))
        )


async def was_handled(submissions: AggregateStore, claim_id: str, message: EventMessage) -> bool:
    """A redelivered ClaimSubmitted must not reach the gateway again (a file drop would send it twice)."""
    marker = str(message.envelope.event_id)
    # By _id alone (FerretDB's only indexed lookup), then the marker test here.
    found = await submissions.collection.find_one({"_id": claim_id}, {"_processed": 1})
    return found is not None and marker in found.get("_processed", ())
