"""Reading an aggregate's document with its owner: the kit's `Aggregates.load` gives the state only.

The reads that must check the tenant (HTTP, the file-drop poll) look the document up by _id (FerretDB's one
indexed lookup) and project the public fields, never the kit's private ones.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform.ports import State


class StoredAggregate(NamedTuple):
    tenant_id: str
    state: State


AggregateReader = Callable[[str], Awaitable[StoredAggregate | None]]
"""The stored aggregate of an id, or None."""


def mongo_reader(collection: AsyncCollection[dict[str, Any]]) -> AggregateReader:
    async def read(aggregate_id: str) -> StoredAggregate | None:
        doc = await collection.find_one({"_id": aggregate_id}, {"state": 1, "tenant_id": 1})
        return None if doc is None else StoredAggregate(doc["tenant_id"], doc["state"])

    return read
