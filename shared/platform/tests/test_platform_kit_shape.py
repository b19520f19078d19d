"""The kit's shape without a stack: typed subscriptions, the HTTP edge, background loops, AsyncAPI inputs.

The probe service is built through its composition root on the in-memory store and publisher.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from fastapi import APIRouter
from probe_service import ProbeSettings, build_probe
from pydantic import BaseModel, Field
from rcm_platform import Service
from rcm_platform.auth import Role, roles
from rcm_platform.http import FieldProblem, TenantId, command_id, idempotent_id, unprocessable
from rcm_platform.localstack import StackConfig
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService, in_memory_service
from rcm_schemas import event_class, new_message
from rcm_schemas.events.denials import DenialWrittenOff, WriteOffDenial
from rcm_schemas.samples import sample_messages


def probe_world() -> InMemoryService:
    # The probe's handler reads its approval limit from the store itself (not an aggregate): the stack's, as ops.
    return in_memory_service(build_probe, ProbeSettings(mongo_uri=StackConfig.from_env().mongo_uri))


def write_off(claim_id: str = "clm-1", amount: str = "25.00") -> WriteOffDenial:
    return WriteOffDenial(
        claim_id=claim_id, work_item_id="wi-1", amount=Decimal(amount), reason="late", requested_by="biller-1"
    )


async def test_a_subscription_by_class_reads_the_registry_topic_and_hands_over_the_typed_payload() -> None:
    world = probe_world()
    assert world.service.consumer.topics == ["rcm.denials.commands", "rcm.remittance.events"]
    message = await world.deliver(write_off(), tenant_id="clinic-a")
    (event,) = world.published(DenialWrittenOff)
    assert event.claim_id == "clm-1"
    assert world.publisher.messages[0].envelope.causation_id == message.envelope.event_id


async def test_the_same_message_twice_is_applied_once_in_memory_too() -> None:
    world = probe_world()
    message = new_message(write_off(), producer="tests", tenant_id="clinic-a")
    await world.deliver_message(message)
    await world.deliver_message(message)
    assert len(world.published(DenialWrittenOff)) == 1


async def test_a_payload_of_another_class_than_subscribed_is_a_dead_letter_not_a_crash() -> None:
    old_denied = event_class("ClaimDenied", 1)  # decoding upcasts to v2, so a v1 handler can never succeed
    handled: list[object] = []
    world = in_memory_service(
        lambda settings, **kit: _with_handler(settings, old_denied, handled, **kit), ProbeSettings()
    )
    denied = next(m for m in sample_messages() if m.envelope.event_type == "ClaimDenied")
    await world.deliver_message(denied)
    assert handled == []
    (letter,) = world.dead_letters()
    assert letter["reason_kind"] == "permanent"
    assert "expected" in letter["reason"]


def _with_handler(settings: ProbeSettings, cls: type, handled: list[object], **kit: object) -> Service:
    service = Service(settings, **kit)  # type: ignore[arg-type]

    @service.consumer.on(cls)
    async def on_event(event: object, message: object) -> None:
        handled.append(event)

    return service


def test_one_class_cannot_have_two_handlers() -> None:
    service = Service(ProbeSettings())

    @service.consumer.on(WriteOffDenial)
    async def first(event: WriteOffDenial, message: object) -> None: ...

    with pytest.raises(TypeError, match="already handles WriteOffDenial"):

        @service.consumer.on(WriteOffDenial)
        async def second(event: WriteOffDenial, message: object) -> None: ...


def test_idempotent_ids_depend_on_tenant_scope_and_key() -> None:
    base = idempotent_id("clinic-a", "clinic", "key-1")
    assert base == idempotent_id("clinic-a", "clinic", "key-1")
    assert base != idempotent_id("clinic-b", "clinic", "key-1")
    assert base != idempotent_id("clinic-a", "patient", "key-1")
    assert base != idempotent_id("clinic-a", "clinic", "key-2")
    assert command_id("clinic-a", write_off(), None) is None
    assert command_id("clinic-a", write_off("clm-1"), "k") != command_id("clinic-a", write_off("clm-2"), "k")


async def test_a_command_published_twice_with_one_key_has_one_id() -> None:
    world = probe_world()
    first = await world.service.publish(write_off(), tenant_id="clinic-a", idempotency_key="retry-me")
    second = await world.service.publish(write_off(), tenant_id="clinic-a", idempotency_key="retry-me")
    fresh = await world.service.publish(write_off(), tenant_id="clinic-a")
    assert first == second != fresh


class Body(BaseModel):
    amount: Decimal = Field(gt=0)


class Echo(BaseModel):
    tenant_id: str


def _edge_service(**kit: Any) -> Service:
    service = Service(ProbeSettings(), **kit)  # the in-memory world's stores and publisher: nothing connects
    router = APIRouter()

    @router.post("/things", response_model=Echo)
    async def create(body: Body, tenant_id: TenantId) -> Echo:
        if body.amount > 100:
            raise unprocessable([FieldProblem(("body", "amount"), "above the approval limit", "limit")])
        return Echo(tenant_id=tenant_id)

    service.http.include_router(router)
    service.allow({"POST /things": roles(Role.biller, Role.system)})
    return service


async def test_every_422_has_one_shape_and_never_echoes_the_input() -> None:
    world = in_memory_service(lambda settings, **kit: _edge_service(**kit), ProbeSettings())
    async with world.http() as client:
        bad_body = await client.post(
            "/things", json={"amount": "DOE PATIENT"}, headers=headers_for_tenant("clinic-a")
        )
        anonymous = await client.post("/things", json={"amount": "5"})
        domain = await client.post("/things", json={"amount": "500"}, headers=headers_for_tenant("clinic-a"))
        ok = await client.post("/things", json={"amount": "5"}, headers=headers_for_tenant("clinic-a"))
    assert ok.status_code == 200 and ok.json() == {"tenant_id": "clinic-a"}
    assert anonymous.status_code == 401
    for response in (bad_body, domain):
        assert response.status_code == 422
        for problem in response.json()["detail"]:
            assert set(problem) == {"type", "loc", "msg"}
        assert "DOE PATIENT" not in response.text
    assert bad_body.json()["detail"][0]["loc"] == ["body", "amount"]
    assert domain.json()["detail"] == [
        {"type": "limit", "loc": ["body", "amount"], "msg": "above the approval limit"}
    ]


async def test_background_loops_run_and_stop_with_the_service_and_survive_a_failed_step() -> None:
    service = Service(ProbeSettings())
    ticks: list[int] = []

    async def step() -> None:
        ticks.append(len(ticks))
        if len(ticks) == 1:
            raise RuntimeError("one bad tick")

    service.run_every(0.01, step, "ticker")
    service.background.start()
    await asyncio.sleep(0.1)
    await service.background.stop()
    count = len(ticks)
    assert count >= 3  # the failed first step did not end the loop
    await asyncio.sleep(0.05)
    assert len(ticks) == count


def test_asyncapi_documents_the_consumed_event_classes() -> None:
    from faststream.specification import AsyncAPI

    service = build_probe(ProbeSettings())
    service.consumer.attach(service.broker)
    document = AsyncAPI(service.broker, title="probe").to_specification().to_jsonable()
    schemas = document["components"]["schemas"]
    messages = document["components"]["messages"]
    consumed = messages["denials.inputs:rcm.denials.commands:SubscribeMessage"]["payload"]
    assert consumed == messages["denials.inputs:rcm.remittance.events:SubscribeMessage"]["payload"]
    assert schemas[consumed["$ref"].rsplit("/", 1)[1]]["anyOf"] == [
        {"$ref": "#/components/schemas/WriteOffDenial"},
        {"$ref": "#/components/schemas/ClaimDenied"},
    ]
    assert "amount" in schemas["WriteOffDenial"]["properties"]
