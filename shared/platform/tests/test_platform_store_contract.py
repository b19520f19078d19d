"""One contract, two aggregate stores: the Mongo-backed store on the real FerretDB and the in-memory twin.

A use-case test on the in-memory store proves something about production only if both keep this contract.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
import pytest_asyncio
from probe_service import written_off
from pymongo import AsyncMongoClient
from rcm_platform import Aggregates, AggregateStore, Decision, Outcome
from rcm_platform.testing.memory import InMemoryAggregateStore, RecordingPublisher
from rcm_schemas import EventMessage, new_message
from rcm_schemas.events.denials import DenialWrittenOff, WriteOffDenial

TENANT = "clinic-a"


@pytest.fixture(params=[pytest.param("mongo", marks=pytest.mark.stack), "memory"])
def store_uri(request: pytest.FixtureRequest) -> str | None:
    """The real store's URI for the Mongo variant (the stack starts only for it), None for the in-memory one."""
    return request.getfixturevalue("mongo_uri") if request.param == "mongo" else None


@pytest_asyncio.fixture
async def world(
    store_uri: str | None, unique_name: str
) -> AsyncIterator[tuple[Aggregates, RecordingPublisher]]:
    publisher = RecordingPublisher()
    if store_uri is None:
        yield InMemoryAggregateStore(publisher, producer="denials"), publisher
        return
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(store_uri)
    try:
        yield AggregateStore(client[unique_name]["write_offs"], publisher, producer="denials"), publisher
    finally:
        await client.drop_database(unique_name)
        await client.close()


def command(claim_id: str = "clm-1", work_item_id: str = "wi-1") -> EventMessage:
    payload = WriteOffDenial(
        claim_id=claim_id,
        work_item_id=work_item_id,
        amount=Decimal("25.00"),
        reason="past timely filing",
        requested_by="biller-1",
    )
    return new_message(payload, producer="tests", tenant_id=TENANT)


def add_entry(claim_id: str) -> Any:
    def decide(state: dict[str, Any] | None) -> Decision:
        entries = [*(state or {}).get("entries", []), "25.00"]
        return Decision({"entries": entries}, [written_off(claim_id)])

    return decide


async def test_a_cause_is_applied_once_and_its_events_published_once(
    world: tuple[Aggregates, RecordingPublisher],
) -> None:
    store, publisher = world
    cause = command()
    assert await store.handle("clm-1", cause, add_entry("clm-1")) is Outcome.APPLIED
    assert await store.handle("clm-1", cause, add_entry("clm-1")) is Outcome.DUPLICATE
    assert await store.load("clm-1") == {"entries": ["25.00"]}
    assert [type(e) for e in publisher.events()] == [DenialWrittenOff]
    assert await store.has_processed("clm-1", str(cause.envelope.event_id))
    assert not await store.has_processed("clm-1", "another-event")
    assert not await store.has_processed("clm-unknown", str(cause.envelope.event_id))


async def test_published_events_join_the_causes_chain(world: tuple[Aggregates, RecordingPublisher]) -> None:
    store, publisher = world
    cause = command()
    await store.handle("clm-1", cause, add_entry("clm-1"))
    (message,) = publisher.messages
    assert message.envelope.causation_id == cause.envelope.event_id
    assert message.envelope.correlation_id == cause.envelope.correlation_id
    assert message.envelope.tenant_id == TENANT
    assert message.envelope.producer == "denials"
    assert publisher.sent[0].topic == "rcm.denials.events"
    assert publisher.sent[0].key == b"clm-1"


async def test_a_decision_of_none_changes_and_publishes_nothing(
    world: tuple[Aggregates, RecordingPublisher],
) -> None:
    store, publisher = world
    assert await store.handle("clm-1", command(), lambda state: None) is Outcome.UNCHANGED
    assert await store.load("clm-1") is None
    assert publisher.sent == []


async def test_an_async_decide_is_awaited(world: tuple[Aggregates, RecordingPublisher]) -> None:
    store, _ = world

    async def decide(state: dict[str, Any] | None) -> Decision:
        return Decision({"n": 1})

    assert await store.handle("clm-1", command(), decide) is Outcome.APPLIED
    assert await store.load("clm-1") == {"n": 1}


async def test_causes_apply_in_order_on_the_latest_state(
    world: tuple[Aggregates, RecordingPublisher],
) -> None:
    store, publisher = world
    for n in range(3):
        await store.handle("clm-1", command(work_item_id=f"wi-{n}"), add_entry("clm-1"))
    assert await store.load("clm-1") == {"entries": ["25.00"] * 3}
    assert len(publisher.events(DenialWrittenOff)) == 3


async def test_a_loaded_state_is_a_copy(world: tuple[Aggregates, RecordingPublisher]) -> None:
    store, _ = world
    await store.handle("clm-1", command(), add_entry("clm-1"))
    loaded = await store.load("clm-1")
    assert loaded is not None
    loaded["entries"].append("mutated")
    assert await store.load("clm-1") == {"entries": ["25.00"]}


async def test_create_is_once_per_id(world: tuple[Aggregates, RecordingPublisher]) -> None:
    store, publisher = world
    first = await store.create(
        "clm-9", tenant_id=TENANT, state={"v": 1}, events=[written_off("clm-9")], marker="key-1"
    )
    again = await store.create(
        "clm-9", tenant_id=TENANT, state={"v": 2}, events=[written_off("clm-9")], marker="key-1"
    )
    assert (first, again) == (Outcome.APPLIED, Outcome.DUPLICATE)
    assert await store.load("clm-9") == {"v": 1}
    assert len(publisher.events(DenialWrittenOff)) == 1
    assert await store.has_processed("clm-9", "key-1")


async def test_insert_many_creates_only_the_new_ids(world: tuple[Aggregates, RecordingPublisher]) -> None:
    store, publisher = world
    assert await store.insert_many({"a": {"v": 1}, "b": {"v": 1}}, tenant_id=TENANT) == 2
    assert await store.insert_many({"b": {"v": 2}, "c": {"v": 2}}, tenant_id=TENANT) == 1
    assert await store.load("b") == {"v": 1}
    assert await store.load("c") == {"v": 2}
    assert publisher.sent == []


async def written_but_not_published(store: Aggregates, publisher: RecordingPublisher) -> EventMessage:
    """A writer that dies between its write and its publish: the state is stored, the event is not sent."""
    cause = command()
    publisher.fail_next = 1
    with pytest.raises(ConnectionError):
        await store.handle("clm-1", cause, add_entry("clm-1"))
    assert await store.load("clm-1") == {"entries": ["25.00"]}
    assert publisher.sent == []
    return cause


async def test_the_sweep_publishes_what_a_failed_publish_left_once(
    world: tuple[Aggregates, RecordingPublisher],
) -> None:
    store, publisher = world
    cause = await written_but_not_published(store, publisher)
    assert await store.flush_pending() == 1
    assert await store.handle("clm-1", cause, add_entry("clm-1")) is Outcome.DUPLICATE
    assert await store.flush_pending() == 0
    assert len(publisher.events(DenialWrittenOff)) == 1


async def test_the_redelivery_publishes_what_a_failed_publish_left_once(
    world: tuple[Aggregates, RecordingPublisher],
) -> None:
    store, publisher = world
    cause = await written_but_not_published(store, publisher)  # its offset was never committed
    assert await store.handle("clm-1", cause, add_entry("clm-1")) is Outcome.DUPLICATE
    assert await store.flush_pending() == 0
    assert len(publisher.events(DenialWrittenOff)) == 1
    assert await store.load("clm-1") == {"entries": ["25.00"]}
