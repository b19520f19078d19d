"""Plain-collection writes the kit offers next to aggregates: ledgers and markers keyed by deterministic ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

DUPLICATE_KEY = 11000
MAX_STATEMENTS_PER_WRITE = 10
"""Statements per update command. FerretDB 1.24 (SQLite) keeps each statement's query rows open, on a pooled
connection, until the whole command ends, and each statement's write takes one more connection from the
database's pool of 100: commands that together hold the pool while waiting for one more deadlock that database
for good (docs/performance.md). With at most MAX_STORE_CONNECTIONS commands per service and this many statements
per command, a service's worst case stays well under the pool."""
MAX_STORE_CONNECTIONS = 32
"""Commands one service process has in flight against the store at once (the client's pool); the rest wait in
the client. The other half of the bound above: 31 single-statement updates (2 connections each) plus one bulk
of MAX_STATEMENTS_PER_WRITE is 73 of 100."""


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
