"""Kafka entry points: translate the wire message and call one use case (posting, matching, booking)."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas import EventMessage
from rcm_schemas.events.claims import ClaimSubmitted, SelfPayClaimBilled
from rcm_schemas.events.clearinghouse import RemittanceReceived
from rcm_schemas.events.denials import DenialReclassified, DenialWrittenOff
from rcm_schemas.events.remittance import MatchRemittanceLine

from rcm_remittance.adapters.known_claim_documents import known_claim_from_event
from rcm_remittance.service.matching import UnmatchedMatching
from rcm_remittance.service.posting import RemittanceFilePosting
from rcm_remittance.service.reclassification_posting import DenialReclassificationPosting
from rcm_remittance.service.self_pay_posting import SelfPayPosting
from rcm_remittance.service.write_off_posting import DenialWriteOffPosting


def register_subscribers(
    service: Service,
    posting: RemittanceFilePosting,
    matching: UnmatchedMatching,
    write_offs: DenialWriteOffPosting,
    self_pay: SelfPayPosting,
    reclassifications: DenialReclassificationPosting,
) -> None:
    @service.consumer.on(ClaimSubmitted)
    async def on_claim_submitted(event: ClaimSubmitted, message: EventMessage) -> None:
        await matching.claim_submitted(known_claim_from_event(event), event.payer_id, message.envelope)

    @service.consumer.on(RemittanceReceived)
    async def on_remittance_received(event: RemittanceReceived, message: EventMessage) -> None:
        await posting.post_file(event.x12_835, message, source=event.source, file_name=event.file_name)

    @service.consumer.on(MatchRemittanceLine)
    async def on_match_remittance_line(command: MatchRemittanceLine, message: EventMessage) -> None:
        await matching.apply(command, message)

    @service.consumer.on(DenialWrittenOff)
    async def on_denial_written_off(event: DenialWrittenOff, message: EventMessage) -> None:
        await write_offs.post(event, message)

    @service.consumer.on(DenialReclassified)
    async def on_denial_reclassified(event: DenialReclassified, message: EventMessage) -> None:
        await reclassifications.post(event, message)

    @service.consumer.on(SelfPayClaimBilled)
    async def on_self_pay_claim_billed(event: SelfPayClaimBilled, message: EventMessage) -> None:
        await self_pay.post(known_claim_from_event(event), event, message)
