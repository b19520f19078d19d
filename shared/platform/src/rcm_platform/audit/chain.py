"""Appending to per-tenant hash chains: each link stores seq, the previous link's hash and key, and its own hash.

Several processes may append to one tenant's chain. Each keeps the head it last wrote (no read per append);
when another writer took the next position first, the insert collides on `_id` and the writer walks forward
by `_id` to the new head, re-links what is left and tries again. A record whose key is already linked (a
redelivery) collides on the key index instead and is skipped, so it never makes a second link.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rcm_platform.audit.canonical import GENESIS, link_hash
from rcm_platform.audit.links import Document, LinkStore, link_id

CHAIN_FIELDS = ("_id", "hash")
"""Not part of the hashed content: the position is hashed as `seq`, and a hash cannot cover itself."""


@dataclass(frozen=True)
class ChainRecord:
    key: str
    """Unique per chain collection and deterministic for anything that can be redelivered."""
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    key: str | None


EMPTY = Head(0, GENESIS, None)


def linked_document(tenant_id: str, head: Head, record: ChainRecord, key_field: str) -> Document:
    body = {
        **record.fields,
        key_field: record.key,
        "tenant_id": tenant_id,
        "seq": head.seq + 1,
        "prev_hash": head.hash,
        "prev_key": head.key,
    }
    return {"_id": link_id(tenant_id, head.seq + 1), **body, "hash": link_hash(body)}


def _head_of(document: Document, key_field: str) -> Head:
    return Head(int(document["seq"]), str(document["hash"]), document.get(key_field))


class HashChain:
    def __init__(self, links: LinkStore, *, key_field: str = "key") -> None:
        self.links = links
        self.key_field = key_field
        self._heads: dict[str, Head] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def append(self, tenant_id: str, records: Sequence[ChainRecord]) -> int:
        """Link the records in order after the tenant's head; returns how many were linked now."""
        if not records:
            return 0
        lock = self._locks.setdefault(tenant_id, asyncio.Lock())
        async with lock:  # one writer per tenant in this process; other processes are handled by collisions
            try:
                return await self._append(tenant_id, list(records))
            except BaseException:
                self._heads.pop(tenant_id, None)  # an unknown part may be written: find the head again
                raise

    async def _append(self, tenant_id: str, pending: list[ChainRecord]) -> int:
        head = self._heads.get(tenant_id) or await self._find_head(tenant_id)
        linked, keys_checked = 0, False
        while pending:
            documents: list[Document] = []
            heads: list[Head] = []
            for record in pending:
                documents.append(
                    linked_document(tenant_id, heads[-1] if heads else head, record, self.key_field)
                )
                heads.append(_head_of(documents[-1], self.key_field))
            outcome = await self.links.insert_in_order(documents)
            if outcome.count:
                head, linked, pending = (
                    heads[outcome.count - 1],
                    linked + outcome.count,
                    pending[outcome.count :],
                )
            if not outcome.collided:
                break
            occupant = await self.links.get(documents[outcome.count]["_id"])
            if occupant is not None:  # another writer took the position
                head = await self._walk_forward(tenant_id, _head_of(occupant, self.key_field))
            elif not keys_checked:  # the record's key is linked already: drop every record linked before
                existing = await self.links.keys_of(tenant_id, self.key_field)
                pending = [record for record in pending if record.key not in existing]
                keys_checked = True
            else:  # a concurrent writer linked this very record since
                pending = pending[1:]
        self._heads[tenant_id] = head
        return linked

    async def _walk_forward(self, tenant_id: str, head: Head) -> Head:
        while (following := await self.links.get(link_id(tenant_id, head.seq + 1))) is not None:
            head = _head_of(following, self.key_field)
        return head

    async def _find_head(self, tenant_id: str) -> Head:
        """The last position, by doubling then bisecting over `_id` lookups: about 2 log2(n) indexed reads."""
        if await self.links.get(link_id(tenant_id, 1)) is None:
            return EMPTY
        low, high = 1, 2
        while await self.links.get(link_id(tenant_id, high)) is not None:
            low, high = high, high * 2
        while high - low > 1:  # position `low` exists, `high` does not
            middle = (low + high) // 2
            if await self.links.get(link_id(tenant_id, middle)) is not None:
                low = middle
            else:
                high = middle
        found = await self.links.get(link_id(tenant_id, low))
        assert found is not None
        return await self._walk_forward(tenant_id, _head_of(found, self.key_field))
