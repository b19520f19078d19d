"""Kafka entry points: translate the wire message and call the use case (posting, projection, matching)."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas import EventMessage
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.clearinghouse import RemittanceReceived
from rcm_schemas.events.remittance import MatchRemittanceLine

from rcm_remittance.adapters.known_claim_documents import KnownClaimRepository, known_claim_from_event
from rcm_remittance.adapters.unmatched_repository import UnmatchedRepository
from rcm_remittance.workflows.manual_matching import ManualMatchWorkflow
from rcm_remittance.workflows.remittance_posting import RemittancePostingWorkflow

LATE_CLAIM_MATCHER = "remittance: claim known after its remittance"


def register_subscribers(
    service: Service,
    known_claims: KnownClaimRepository,
    unmatched: UnmatchedRepository,
    posting: RemittancePostingWorkflow,
    matching: ManualMatchWorkflow,
) -> None:
    @service.consumer.on("ClaimSubmitted", topic="rcm.claims.events")
    async def on_claim_submitted(message: EventMessage) -> None:
        event = message.payload
        assert isinstance(event, ClaimSubmitted)
        tenant_id = message.envelope.tenant_id
        await known_claims.remember(
            known_claim_from_event(event), tenant_id=tenant_id, payer_id=event.payer_id
        )
        # Its remittance may have come first (no order between topics): match what waits for it, through the
        # item's owner, as a biller would. Sent before this handler returns, so a crash resends it (a resolved
        # item ignores a second match).
        for item in await unmatched.open_unknown_claim_items(event.claim_id, tenant_id):
            match = MatchRemittanceLine(
                trace_number=item.trace_number,
                payer_id=item.payer_id,
                unmatched_item_id=item.item_id,
                claim_id=event.claim_id,
                requested_by=LATE_CLAIM_MATCHER,
            )
            await service.publish(match, tenant_id=tenant_id, correlation_id=message.envelope.correlation_id)

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
