"""What the integration tests do to the service: submit claims, deliver 835s, wait, read, call HTTP."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from rcm_platform import Service
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.kafka_reading import read_events
from rcm_platform.testing.waiting import wait_for
from rcm_remittance.adapters.received_event import received_from_upload
from rcm_remittance.domain.remittance_identity import key_of
from rcm_remittance.settings import RemittanceSettings
from rcm_schemas import EventMessage, encode, new_message
from rcm_schemas.envelope import Event
from rcm_schemas.events.claims import ClaimLine, ClaimSubmitted
from rcm_schemas.samples import sample_events
from rcm_schemas.topics import topic_for
from rcm_x12 import read_835

TENANT = "clinic-a"
D = Decimal
Line = tuple[str, tuple[str, ...], str, str]  # procedure code, modifiers, charge, line control number


def claim_submitted(claim_id: str, lines: list[Line]) -> ClaimSubmitted:
    template = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    claim_lines = tuple(
        ClaimLine(
            line_number=n,
            procedure_code=code,
            modifiers=modifiers,
            charge_amount=D(charge),
            line_control_number=control,
        )
        for n, (code, modifiers, charge, control) in enumerate(lines, start=1)
    )
    return template.model_copy(
        update={
            "claim_id": claim_id,
            "encounter_id": f"enc-{claim_id}",
            "lines": claim_lines,
            "total_charge": sum(D(c) for _, _, c, _ in lines),
        }
    )


async def send(
    service: Service, settings: RemittanceSettings, event: Event, tenant: str = TENANT
) -> EventMessage:
    message = new_message(event, producer="tests", tenant_id=tenant)
    topic = settings.topic(topic_for(event.EVENT_TYPE).name)
    await service.publisher.send_raw(
        topic, encode(message), key=message.envelope.partition_key.encode(), headers={}
    )
    return message


async def submit_claims(service: Service, settings: RemittanceSettings, *claims: ClaimSubmitted) -> None:
    """Send ClaimSubmitted events and wait until the projection holds them (topics have no mutual order)."""
    for claim in claims:
        await send(service, settings, claim)

    async def all_known() -> bool:
        found = await service.db["known_claims"].count_documents(
            {"_id": {"$in": [c.claim_id for c in claims]}}
        )
        return found == len(claims)

    await wait_for(all_known, what="the claims known to remittance")


async def deliver_835(service: Service, settings: RemittanceSettings, text: str) -> list[str]:
    """Publish the file as the clearinghouse would; returns the remittance keys it holds."""
    remittances = read_835(text)
    event = received_from_upload(remittances, text, None).model_copy(update={"source": "simulator"})
    await send(service, settings, event)
    return [key_of(r) for r in remittances]


def client(service: Service) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=service.http),
        base_url="http://remittance",
        headers=headers_for_tenant(TENANT),
    )


async def posted_remittance(service: Service, key: str) -> dict[str, Any]:
    """Waits until the remittance is committed, then returns GET /remittances/{key}."""
    async with client(service) as http:

        async def committed() -> bool:
            return (await http.get(f"/remittances/{key}")).status_code == 200

        await wait_for(committed, what=f"remittance {key} posted")
        return dict((await http.get(f"/remittances/{key}")).json())


async def claim_ledger(service: Service, claim_id: str) -> dict[str, Any]:
    async with client(service) as http:
        response = await http.get(f"/claims/{claim_id}/ledger")
        assert response.status_code == 200, response.text
        return dict(response.json())


async def remittance_events(
    settings: RemittanceSettings, at_least: int, *, timeout_s: float = 30.0
) -> list[EventMessage]:
    return await read_events(
        settings.kafka_bootstrap,
        settings.topic("rcm.remittance.events"),
        at_least=at_least,
        timeout_s=timeout_s,
    )


def of_claim(events: list[EventMessage], claim_id: str) -> dict[str, EventMessage]:
    return {e.envelope.event_type: e for e in events if getattr(e.payload, "claim_id", None) == claim_id}
