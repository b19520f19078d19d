"""A visible round trip through the real Kafka and FerretDB: publish, consume, store, read back."""

from __future__ import annotations

import asyncio
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo import AsyncMongoClient
from rcm_platform.localstack.topics import ensure_topics
from rich.console import Console


class _DemoTopic:
    name, partitions, retention_ms = "rcm.demo.roundtrip", 6, 86_400_000


async def run_roundtrip(bootstrap: str, mongo_uri: str, console: Console, count: int = 100) -> None:
    await ensure_topics(bootstrap, [_DemoTopic()])
    run_id = uuid.uuid4().hex[:8]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5)
    started = time.perf_counter()
    await producer.start()
    try:
        for index in range(count):
            key = f"enc-{run_id}-{index % 10}".encode()
            await producer.send(_DemoTopic.name, f'{{"run":"{run_id}","n":{index}}}'.encode(), key=key)
        await producer.flush()
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        _DemoTopic.name,
        bootstrap_servers=bootstrap,
        group_id=f"demo-{run_id}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_uri)
    collection = client["rcm_demo"]["roundtrip"]
    stored = 0
    await consumer.start()
    try:
        async with asyncio.timeout(60):
            while stored < count:
                batch = await consumer.getmany(timeout_ms=1000)
                docs = [
                    {
                        "_id": f"{r.topic}:{r.partition}:{r.offset}",
                        "key": r.key.decode(),
                        "value": r.value.decode(),
                    }
                    for records in batch.values()
                    for r in records
                    if run_id.encode() in r.value
                ]
                if docs:
                    await collection.insert_many(docs)
                    stored += len(docs)
    finally:
        await consumer.stop()
    read_back = await collection.count_documents({"value": {"$regex": run_id}})
    await client.close()
    elapsed = time.perf_counter() - started
    console.print(f"Published {count} messages to Kafka topic {_DemoTopic.name} ({bootstrap}),")
    console.print(f"consumed them and stored them in FerretDB ({mongo_uri}); read back {read_back}.")
    console.print(f"Round trip: {elapsed:.2f}s")
