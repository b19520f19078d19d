"""Unique, persisted X12 control numbers without a shared counter document.

Why not a counter: FerretDB can lose one of two concurrent updates to one document, and several claims
instances (one per partition set) submit at once, so a `$inc` counter could hand out a number twice.
Instead each number is claimed by a unique insert into `control_numbers` with `_id` = the number: the
store's `_id` uniqueness is the only arbiter, which holds on FerretDB and on a standalone mongod alike.

Candidates are derived from the submission's key (claim id + the event that submits it), so a redelivered
event probes the same numbers, finds its own reservation and reuses it: one submission, one number, even
across retries and crashes. A number taken by another submission moves the probe to the next candidate.
The interchange, group and transaction-set numbers are the same value: one claim per interchange.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import rcm_x12
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

ISA13_MAX = 999_999_999
MAX_PROBES = 64  # with 10^9 numbers a long run of taken candidates means something else is wrong


class ControlNumbersExhausted(RuntimeError):
    """No free candidate in MAX_PROBES tries (retried by the consumer, then dead-lettered)."""


def candidate(key: str, attempt: int) -> int:
    digest = hashlib.sha256(f"{key}#{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % ISA13_MAX + 1


def _utc_now() -> datetime:
    return datetime.now(UTC)


class MongoControlNumbers:
    def __init__(
        self, collection: AsyncCollection[dict[str, Any]], now: Callable[[], datetime] = _utc_now
    ) -> None:
        self.collection = collection
        self.now = now
        """When a number was reserved (for an operator reading the collection; no decision depends on it)."""

    async def reserve(self, key: str) -> rcm_x12.ControlNumbers:
        for attempt in range(MAX_PROBES):
            number = candidate(key, attempt)
            try:
                await self.collection.insert_one({"_id": number, "key": key, "at": self.now()})
            except DuplicateKeyError:
                owner = await self.collection.find_one({"_id": number}, {"key": 1})
                if owner is None or owner.get("key") != key:
                    continue
            return rcm_x12.ControlNumbers(interchange=number, group=number, transaction_set=number)
        raise ControlNumbersExhausted(f"no free control number for submission after {MAX_PROBES} probes")
