"""Smoke tests on the real stack: Kafka (aiokafka, FastStream) and FerretDB (AsyncMongoClient)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pydantic import BaseModel
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError
from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.publisher import make_broker

pytestmark = pytest.mark.stack


async def test_keyed_messages_keep_their_partition_on_a_six_partition_topic(
    kafka_bootstrap: str, make_topic: Callable[..., Awaitable[str]]
) -> None:
    topic = await make_topic("keyed", partitions=6)
    producer = AIOKafkaProducer(**kafka_client_options(kafka_bootstrap), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        sent = {}
        for index in range(30):
            key = f"claim-{index % 5}"
            metadata = await producer.send_and_wait(topic, f"event-{index}".encode(), key=key.encode())
            sent.setdefault(key, set()).add(metadata.partition)
    finally:
        await producer.stop()
    assert all(len(partitions) == 1 for partitions in sent.values()), sent

    consumer = AIOKafkaConsumer(
        topic,
        **kafka_client_options(kafka_bootstrap),
        auto_offset_reset="earliest",
        group_id=f"{topic}.group",
        enable_auto_commit=False,
    )
    await consumer.start()
    received: list[tuple[str, str]] = []
    try:
        async with asyncio.timeout(30):
            while len(received) < 30:
                batch = await consumer.getmany(timeout_ms=1000)
                for records in batch.values():
                    received.extend((r.key.decode(), r.value.decode()) for r in records)
    finally:
        await consumer.stop()
    assert sorted(value for _, value in received) == sorted(f"event-{i}" for i in range(30))
    per_key_order = [value for key, value in received if key == "claim-1"]
    assert per_key_order == [f"event-{i}" for i in range(1, 30, 5)]


class EncounterPing(BaseModel):
    encounter_id: str
    units: int


async def test_faststream_subscriber_receives_a_model_published_by_another_broker(
    kafka_bootstrap: str, make_topic: Callable[..., Awaitable[str]], unique_name: str
) -> None:
    topic = await make_topic("faststream", partitions=3)
    received: asyncio.Queue[EncounterPing] = asyncio.Queue()
    consumer_broker = make_broker(kafka_bootstrap, client_id="smoke-consumer")

    @consumer_broker.subscriber(topic, group_id=unique_name, auto_offset_reset="earliest")
    async def on_ping(message: EncounterPing) -> None:
        await received.put(message)

    publisher_broker = make_broker(kafka_bootstrap, client_id="smoke-publisher")
    await consumer_broker.start()
    await publisher_broker.start()
    try:
        await publisher_broker.publish(EncounterPing(encounter_id="enc-1", units=3), topic, key=b"enc-1")
        got = await asyncio.wait_for(received.get(), timeout=30)
    finally:
        await publisher_broker.stop()
        await consumer_broker.stop()
    assert got == EncounterPing(encounter_id="enc-1", units=3)


async def test_mongo_wire_store_inserts_finds_updates_and_enforces_unique_indexes(mongo_db: Any) -> None:
    claims = mongo_db["claims"]
    await claims.create_index("control_number", unique=True)
    await claims.insert_one({"_id": "clm-1", "control_number": 1, "charge_cents": 12500, "status": "new"})
    await claims.insert_many(
        [
            {"_id": "clm-2", "control_number": 2, "charge_cents": 4000, "status": "new"},
            {"_id": "clm-3", "control_number": 3, "charge_cents": 900, "status": "held"},
        ]
    )

    found = await claims.find_one({"_id": "clm-1"})
    assert found is not None and found["charge_cents"] == 12500
    new_claims = [doc["_id"] async for doc in claims.find({"status": "new"}).sort("_id", 1)]
    assert new_claims == ["clm-1", "clm-2"]

    updated = await claims.find_one_and_update(
        {"_id": "clm-2"},
        {"$set": {"status": "submitted"}, "$inc": {"version": 1}},
        return_document=ReturnDocument.AFTER,
    )
    assert updated["status"] == "submitted" and updated["version"] == 1

    with pytest.raises(DuplicateKeyError):
        await claims.insert_one({"_id": "clm-4", "control_number": 1})
    with pytest.raises(DuplicateKeyError):
        await claims.insert_one({"_id": "clm-1", "control_number": 99})
    assert await claims.count_documents({}) == 3


async def test_a_lookup_by_id_uses_the_id_index(mongo_db: Any) -> None:
    """Our FerretDB build is patched so SQLite's planner matches the _id index; unpatched, it scans the table.

    Updates and deletes by _id go through the same query (FerretDB's explain only covers find).
    """
    claims = mongo_db["claims"]
    await claims.insert_many([{"_id": f"claim-{n}", "state": {"n": n}} for n in range(20)])
    plan = await mongo_db.command("explain", {"find": "claims", "filter": {"_id": "claim-7"}})
    steps = " ".join(plan["queryPlanner"].get("Plan", []))
    assert "USING INDEX" in steps and "__id_" in steps, steps
    assert (await claims.find_one({"_id": "claim-7"}))["state"] == {"n": 7}


async def test_an_id_with_further_conditions_is_narrowed_by_the_id_index_and_still_filtered(
    mongo_db: Any,
) -> None:
    """The aggregate store clears an outbox with {_id, _version}: patched, that filter uses the _id index and the
    other conditions are still applied (unpatched, every such update scanned the collection: quadratic)."""
    claims = mongo_db["claims"]
    await claims.insert_many([{"_id": f"claim-{n}", "_version": 1, "n": n} for n in range(20)])
    plan = await mongo_db.command("explain", {"find": "claims", "filter": {"_id": "claim-7", "_version": 1}})
    steps = " ".join(plan["queryPlanner"].get("Plan", []))
    assert "USING INDEX" in steps and "__id_" in steps, steps

    stale = await claims.update_one({"_id": "claim-7", "_version": 2}, {"$set": {"n": -1}})
    current = await claims.update_one({"_id": "claim-7", "_version": 1}, {"$set": {"n": 70}})
    assert (stale.matched_count, current.matched_count) == (0, 1)
    assert await claims.find_one({"_id": "claim-7", "n": {"$gt": 69}}) == {
        "_id": "claim-7",
        "_version": 1,
        "n": 70,
    }
    assert await claims.find_one({"_id": "claim-8", "n": 7}) is None
    assert await claims.count_documents({"_id": "claim-3", "_version": 1}) == 1
    assert await claims.delete_one({"_id": "claim-3", "_version": 5}) is not None
    assert await claims.count_documents({"_id": "claim-3"}) == 1
