"""The worklists as documents: one per tenant, list and key, opened and closed by the events (single-document
writes, each by the one consumer of the key's partition), read a page at a time with the filters in the query."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pymongo import IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from rcm_schemas import from_cents, to_cents

from rcm_analytics.domain.worklists import Change, CloseItem, OpenItem, Worklist

WORKLIST_ITEMS = "worklist_items"
WORKLIST_VERSIONS = "worklist_versions"
OPEN, CLOSED = "open", "closed"
INDEXES = (IndexModel([("tenant_id", 1), ("worklist", 1), ("status", 1)]),)


class MongoWorklists:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.items = db[WORKLIST_ITEMS]
        self.versions = db[WORKLIST_VERSIONS]

    async def apply(self, tenant_id: str, change: Change) -> None:
        _id = f"{tenant_id}:{change.worklist}:{change.key}"
        if isinstance(change, CloseItem):
            closed = await self.items.update_one(
                {"_id": _id, "status": OPEN}, {"$set": {"status": CLOSED, "closed_by": change.closed_by}}
            )
            if closed.modified_count:
                await self._touch(tenant_id, change.worklist)
            return
        await self.items.replace_one({"_id": _id}, _document(tenant_id, change), upsert=True)
        await self._touch(tenant_id, change.worklist)

    async def open_rows(self, tenant_id: str, worklist: Worklist) -> list[OpenItem]:
        selector = {"tenant_id": tenant_id, "worklist": worklist.value, "status": OPEN}
        return [_row(doc) async for doc in self.items.find(selector)]

    async def version(self, tenant_id: str, worklist: Worklist) -> str | None:
        """Changes whenever an item of the list is written (read before the rows: a change after it shows)."""
        doc = await self.versions.find_one({"_id": f"{tenant_id}:{worklist}"})
        return None if doc is None else str(doc["version"])

    async def clear(self) -> None:
        await self.items.delete_many({})
        await self.versions.delete_many({})

    async def _touch(self, tenant_id: str, worklist: Worklist) -> None:
        # A fresh value per write: of two concurrent writes one may overwrite the other, but either differs from
        # what a reader saw before both.
        await self.versions.update_one(
            {"_id": f"{tenant_id}:{worklist}"}, {"$set": {"version": uuid.uuid4().hex}}, upsert=True
        )

    async def insert_open(self, tenant_id: str, items: list[OpenItem]) -> None:
        """Many items at once (the benchmark's 10,000): the documents the events would have written."""
        if items:
            await self.items.insert_many([_document(tenant_id, item) for item in items], ordered=False)
            await self._touch(tenant_id, items[0].worklist)


def _document(tenant_id: str, item: OpenItem) -> dict[str, Any]:
    return {
        "_id": f"{tenant_id}:{item.worklist}:{item.key}",
        "tenant_id": tenant_id,
        "worklist": item.worklist.value,
        "status": OPEN,
        "key": item.key,
        "search": item.key.upper(),
        "work_item_id": item.work_item_id,
        "encounter_id": item.encounter_id,
        "claim_id": item.claim_id,
        "payer_id": item.payer_id,
        "amount_cents": None if item.amount is None else to_cents(item.amount),
        "reason": item.reason,
        "opened_at": item.opened_at,
        "deadline": None if item.deadline is None else item.deadline.isoformat(),
        "queue": item.queue,
    }


def _row(doc: dict[str, Any]) -> OpenItem:
    return OpenItem(
        worklist=Worklist(doc["worklist"]),
        key=doc["key"],
        work_item_id=doc["work_item_id"],
        encounter_id=doc.get("encounter_id"),
        claim_id=doc.get("claim_id"),
        payer_id=doc.get("payer_id"),
        amount=None if doc.get("amount_cents") is None else from_cents(doc["amount_cents"]),
        reason=doc["reason"],
        opened_at=doc["opened_at"],
        deadline=None if not doc.get("deadline") else date.fromisoformat(doc["deadline"]),
        queue=doc.get("queue"),
    )
