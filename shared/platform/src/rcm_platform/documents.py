"""Plain-collection writes the kit offers next to aggregates: ledgers and markers keyed by deterministic ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

DUPLICATE_KEY = 11000


async def insert_ignoring_duplicates(
    collection: AsyncCollection[dict[str, Any]], documents: Sequence[dict[str, Any]]
) -> int:
    """Insert all documents (unordered: one duplicate does not stop the rest); returns how many were new.

    A retry re-inserts the same deterministic ids and the duplicates are dropped, so the write is idempotent.
    """
    if not documents:
        return 0
    try:
        result = await collection.insert_many(list(documents), ordered=False)
    except BulkWriteError as error:
        others = [e for e in error.details.get("writeErrors", []) if e.get("code") != DUPLICATE_KEY]
        if others:
            # Not a duplicate: retried by the consumer. Only codes go in the message (documents may hold PHI).
            raise RuntimeError(
                f"insert into {collection.name} failed with codes {sorted({e.get('code') for e in others})}"
            ) from None
        return int(error.details.get("nInserted", 0))
    return len(result.inserted_ids)
