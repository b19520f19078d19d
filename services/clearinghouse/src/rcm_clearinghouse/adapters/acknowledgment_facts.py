"""Publishing what a remote clearinghouse answered (file drop) as ClaimAcknowledged / ClaimRejected.

These are facts, not writes to the claim's submission document (that has one writer, the consumer owning
the claim's partition); the event id comes from what is acknowledged, so a re-read file publishes the same ids.
"""

from __future__ import annotations

from uuid import UUID

from rcm_platform.ports import Publisher
from rcm_schemas import Event, new_message

from rcm_clearinghouse.adapters.event_translation import claim_outcome_event, file_rejection_events
from rcm_clearinghouse.service.outcomes import ClaimAcknowledgmentOutcome, FileAcknowledgment, SentClaim


class PublishedAcknowledgments:
    def __init__(self, publisher: Publisher, producer: str) -> None:
        self.publisher, self.producer = publisher, producer

    async def file_rejected(self, file: FileAcknowledgment, sent: SentClaim, event_id: UUID) -> None:
        (event,) = file_rejection_events(file, sent)
        await self._publish(event, sent.tenant_id, event_id)

    async def claim_outcome(
        self, outcome: ClaimAcknowledgmentOutcome, sent: SentClaim, event_id: UUID
    ) -> None:
        event = claim_outcome_event(outcome, sent.interchange_control_number)
        await self._publish(event, sent.tenant_id, event_id)

    async def _publish(self, event: Event, tenant_id: str, event_id: UUID) -> None:
        message = new_message(event, producer=self.producer, tenant_id=tenant_id, event_id=event_id)
        await self.publisher.publish(message)
