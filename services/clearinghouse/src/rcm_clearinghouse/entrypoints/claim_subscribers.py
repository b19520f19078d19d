"""Subscriber: ClaimSubmitted -> acknowledgment (and, when accepted, an adjudication kept until payday)."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas import EventMessage
from rcm_schemas.events.claims import ClaimSubmitted

from rcm_clearinghouse.adapters.event_translation import submission_from
from rcm_clearinghouse.service.submission_handling import SubmissionHandling


def subscribe_claims(service: Service, handling: SubmissionHandling) -> None:
    @service.consumer.on(ClaimSubmitted)
    async def on_claim_submitted(event: ClaimSubmitted, message: EventMessage) -> None:
        await handling.receive(submission_from(event), message)
