"""Kafka entry points: translate the wire message and call the use case (posting, projection, matching)."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas import EventMessage
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.clearinghouse import RemittanceReceived
from rcm_schemas.events.remittance import MatchRemittanceLine

from rcm_remittance.adapters.known_claim_documents import KnownClaimRepository, known_claim_from_event
from rcm_remittance.workflows.manual_matching import ManualMatchWorkflow
from rcm_remittance.workflows.remittance_posting import RemittancePostingWorkflow


def register_subscribers(
    service: Service,
    known_claims: KnownClaimRepository,
    posting: RemittancePostingWorkflow,
    matching: ManualMatchWorkflow,
) -> None:
    @service.consumer.on("ClaimSubmitted", topic="rcm.claims.events")
    async def on_claim_submitted(message: EventMessage) -> None:
        event = message.payload
        assert isinstance(event, ClaimSubmitted)
        await known_claims.remember(
            known_claim_from_event(event), tenant_id=message.envelope.tenant_id, payer_id=event.payer_id
        )

    @service.consumer.on("RemittanceReceived", topic="rcm.clearinghouse.remittances")
    async def on_remittance_received(message: EventMessage) -> None:
        event = message.payload
        assert isinstance(event, RemittanceReceived)
        await posting.post_file(event.x12_835, message, source=event.source, file_name=event.file_name)

    @service.consumer.on("MatchRemittanceLine", topic="rcm.remittance.commands")
    async def on_match_remittance_line(message: EventMessage) -> None:
        command = message.payload
        assert isinstance(command, MatchRemittanceLine)
        await matching.apply(command, message)
