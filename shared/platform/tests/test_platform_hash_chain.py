"""The hash chain on the real store: a plain Mongo client that alters, removes or swaps a link is named by the
verifier; two writers on one tenant keep one valid chain; a redelivered record makes no second link."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient
from rcm_platform.audit.chain import ChainRecord, HashChain
from rcm_platform.audit.links import MongoLinks, key_index, link_id
from rcm_platform.audit.verify import ChainReport, verify_links

AT = datetime(2026, 12, 3, 12, 0, 0, 123456, tzinfo=UTC)


def entries(prefix: str, count: int) -> list[ChainRecord]:
    return [
        ChainRecord(f"{prefix}-{n}", {"amount_cents": 1000 + n, "claim_id": f"C{n}", "posted_at": AT})
        for n in range(count)
    ]


async def chain_on(mongo_db: Any) -> HashChain:
    await mongo_db["ledger"].create_indexes([key_index("entry_id")])
    return HashChain(MongoLinks(mongo_db["ledger"]), key_field="entry_id")


async def verify(mongo_db: Any) -> ChainReport:
    return await verify_links(MongoLinks(mongo_db["ledger"]).every_link(), "entry_id")


async def test_an_untouched_chain_verifies_and_each_tampering_names_its_entry(mongo_db: Any) -> None:
    chain = await chain_on(mongo_db)
    assert await chain.append("t1", entries("e", 8)) == 8
    assert await chain.append("t2", entries("other", 3)) == 3
    report = await verify(mongo_db)
    assert report.intact and report.links == {"t1": 8, "t2": 3}

    ledger = mongo_db["ledger"]
    await ledger.update_one({"_id": link_id("t1", 4)}, {"$set": {"amount_cents": 99999}})
    report = await verify(mongo_db)
    assert [(b.tenant_id, b.seq, b.key, b.problem) for b in report.breaks] == [("t1", 4, "e-3", "altered")]
    await ledger.update_one({"_id": link_id("t1", 4)}, {"$set": {"amount_cents": 1003}})
    assert (await verify(mongo_db)).intact  # put back exactly as written: the hash agrees again

    await ledger.delete_one({"_id": link_id("t1", 6)})
    report = await verify(mongo_db)
    assert [(b.seq, b.key, b.problem) for b in report.breaks] == [(6, "e-5", "removed")]


async def test_swapping_two_entries_names_the_first_moved_one(mongo_db: Any) -> None:
    chain = await chain_on(mongo_db)
    await chain.append("t1", entries("e", 6))
    ledger = mongo_db["ledger"]
    second = await ledger.find_one({"_id": link_id("t1", 2)})
    fifth = await ledger.find_one({"_id": link_id("t1", 5)})
    assert second is not None and fifth is not None
    # Swap the whole documents but keep their positions, as a plain client would to reorder the ledger (the
    # unique entry_id index refuses an in-place swap, so out and back in).
    await swap(ledger, {**fifth, "_id": second["_id"]}, {**second, "_id": fifth["_id"]})
    report = await verify(mongo_db)
    assert [(b.seq, b.key, b.problem) for b in report.breaks] == [(2, "e-4", "reordered")]

    # Swapping only the contents (each keeps its seq and chain fields) is found as an alteration of the first.
    content = ("amount_cents", "claim_id", "entry_id")
    await swap(
        ledger, {**second, **{k: fifth[k] for k in content}}, {**fifth, **{k: second[k] for k in content}}
    )
    report = await verify(mongo_db)
    assert [(b.seq, b.key, b.problem) for b in report.breaks] == [(2, "e-4", "altered")]


async def swap(ledger: Any, first: dict[str, Any], second: dict[str, Any]) -> None:
    await ledger.delete_many({"_id": {"$in": [first["_id"], second["_id"]]}})
    await ledger.insert_many([first, second])


async def test_two_writers_on_one_tenant_keep_one_valid_chain(mongo_db: Any, mongo_uri: str) -> None:
    await mongo_db["ledger"].create_indexes([key_index("entry_id")])
    other_client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    try:
        first = HashChain(MongoLinks(mongo_db["ledger"]), key_field="entry_id")
        second = HashChain(MongoLinks(other_client[mongo_db.name]["ledger"]), key_field="entry_id")

        async def write(chain: HashChain, writer: str) -> None:
            for batch in range(10):
                await chain.append("t1", entries(f"{writer}-{batch}", 3))

        await asyncio.gather(write(first, "a"), write(second, "b"))
    finally:
        await other_client.close()
    report = await verify(mongo_db)
    assert report.intact and report.links == {"t1": 60}
    keys = {document["entry_id"] async for document in mongo_db["ledger"].find({})}
    assert len(keys) == 60


async def test_a_redelivered_append_adds_no_link_even_after_a_partial_first_attempt(mongo_db: Any) -> None:
    chain = await chain_on(mongo_db)
    records = entries("e", 250)
    assert await chain.append("t1", records[:120]) == 120  # the first attempt died after 120 of 250
    restarted = HashChain(MongoLinks(mongo_db["ledger"]), key_field="entry_id")  # finds the head by _id
    assert await restarted.append("t1", records) == 130
    assert await restarted.append("t1", records) == 0
    assert await chain.append("t1", records[:5]) == 0  # a writer with a stale head
    report = await verify(mongo_db)
    assert report.intact and report.links == {"t1": 250}
    assert await mongo_db["ledger"].count_documents({}) == 250
