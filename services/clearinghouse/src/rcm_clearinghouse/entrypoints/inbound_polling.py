"""Wiring of the file-drop inbound poll: where sent claims are looked up and how facts are published."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from rcm_platform import AggregateStore, Service
from rcm_schemas import Event, new_message

from rcm_clearinghouse.adapters.event_translation import claim_outcome_event, file_rejection_events
from rcm_clearinghouse.adapters.remittance_store import RemittanceStore
from rcm_clearinghouse.service.gateway_port import ClearinghouseGateway
from rcm_clearinghouse.service.inbound_files import InboundFiles, SentClaim
from rcm_clearinghouse.service.outcomes import FileAcknowledgment


def inbound_files(
    service: Service, gateway: ClearinghouseGateway, submissions: AggregateStore, remittances: RemittanceStore
) -> InboundFiles:
    async def sent_claim(claim_id: str) -> SentClaim | None:
        doc: dict[str, Any] | None = await submissions.collection.find_one(
            {"_id": claim_id}, {"state": 1, "tenant_id": 1}
        )
        if doc is None:
            return None
        state = doc["state"]
        sent = [a for a in state.get("acknowledgments", []) if a.get("interchange_control_number")]
        interchange = sent[-1]["interchange_control_number"] if sent else "0"
        return SentClaim(claim_id, doc["tenant_id"], state["payer_id"], interchange)

    async def publish(event: Event, tenant_id: str, event_id: UUID) -> None:
        message = new_message(event, producer=service.name, tenant_id=tenant_id, event_id=event_id)
        await service.publisher.publish(message)

    def file_rejection(file: FileAcknowledgment, sent: SentClaim) -> Event:
        (event,) = file_rejection_events(file, sent)
        return event

    return InboundFiles(gateway, sent_claim, publish, remittances, claim_outcome_event, file_rejection)
