"""Where chain links live: a collection whose `_id` is the link's position, "<tenant>/<seq, 12 digits>".

The position as `_id` is what makes a chain safe with several writers on FerretDB (no transactions, lost
concurrent updates): inserting a document with a given `_id` is atomic, so two writers can never both take
position n, and every position lookup is an indexed `_id` lookup. A unique index on the record's key makes a
redelivered record collide instead of taking a second position.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from rcm_platform.documents import DUPLICATE_KEY

Document = dict[str, Any]
SEQ_DIGITS = 12
INSERT_CHUNK = 99
"""FerretDB's SQLite backend hangs on one insert of 100 or more documents (infra notes)."""


def link_id(tenant_id: str, seq: int) -> str:
    return f"{tenant_id}/{seq:0{SEQ_DIGITS}d}"


def position_of(document_id: object) -> tuple[str, int] | None:
    """(tenant, seq) from a link `_id`; None for a document that is not a chain position."""
    if not isinstance(document_id, str):
        return None
    tenant, _, seq = document_id.rpartition("/")
    if not tenant or len(seq) != SEQ_DIGITS or not seq.isdigit():
        return None
    return tenant, int(seq)


def key_index(key_field: str) -> IndexModel:
    return IndexModel([(key_field, ASCENDING)], unique=True, name=f"{key_field}_unique")


@dataclass(frozen=True)
class Inserted:
    count: int
    """Documents inserted, from the first, in order."""
    collided: bool
    """The next one hit a duplicate key (its position or its record key); nothing after it was tried."""


class LinkStore(Protocol):
    async def insert_in_order(self, documents: Sequence[Document]) -> Inserted: ...

    async def get(self, position: str) -> Document | None: ...

    async def keys_of(self, tenant_id: str, key_field: str) -> set[str]: ...

    def every_link(self) -> AsyncIterator[Document]: ...


class MongoLinks:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def insert_in_order(self, documents: Sequence[Document]) -> Inserted:
        done = 0
        for start in range(0, len(documents), INSERT_CHUNK):
            chunk = list(documents[start : start + INSERT_CHUNK])
            try:
                await self.collection.insert_many(chunk, ordered=True)
            except BulkWriteError as error:
                first = error.details.get("writeErrors", [{}])[0]
                if first.get("code") != DUPLICATE_KEY:
                    # Codes only: the documents may hold PHI.
                    code = first.get("code")
                    raise RuntimeError(f"chain insert into {self.collection.name} failed: {code}") from None
                return Inserted(done + int(error.details.get("nInserted", 0)), collided=True)
            done += len(chunk)
        return Inserted(done, collided=False)

    async def get(self, position: str) -> Document | None:
        return await self.collection.find_one({"_id": position})

    async def keys_of(self, tenant_id: str, key_field: str) -> set[str]:
        cursor = self.collection.find({"tenant_id": tenant_id}, {key_field: 1})
        return {document[key_field] async for document in cursor if key_field in document}

    async def every_link(self) -> AsyncIterator[Document]:
        async for document in self.collection.find({}):
            yield document


class MemoryLinks:
    """The same contract in a dict, for tests that run without the store (the chain's proof runs on it too)."""

    def __init__(self, key_field: str = "key") -> None:
        self.key_field = key_field
        self.documents: dict[str, Document] = {}

    async def insert_in_order(self, documents: Sequence[Document]) -> Inserted:
        keys = {document.get(self.key_field) for document in self.documents.values()}
        for done, document in enumerate(documents):
            if document["_id"] in self.documents or document.get(self.key_field) in keys:
                return Inserted(done, collided=True)
            self.documents[document["_id"]] = dict(document)
            keys.add(document.get(self.key_field))
        return Inserted(len(documents), collided=False)

    async def get(self, position: str) -> Document | None:
        found = self.documents.get(position)
        return dict(found) if found is not None else None

    async def keys_of(self, tenant_id: str, key_field: str) -> set[str]:
        return {
            d[key_field]
            for d in self.documents.values()
            if d.get("tenant_id") == tenant_id and key_field in d
        }

    async def every_link(self) -> AsyncIterator[Document]:
        for document in list(self.documents.values()):
            yield dict(document)
