"""The work item index in Mongo: one small document per work item, {_id: work_item_id, encounter_id, tenant_id}.

Implements service.ports.WorkItemIndex; the HTTP routes read it (coding_queries.py) to find an item's coding
document by an _id lookup (FerretDB indexes only _id).
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

WORK_ITEM_INDEX = "work_item_index"


class MongoWorkItemIndex:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def record(self, work_item_id: str, *, encounter_id: str, tenant_id: str) -> None:
        await self.collection.replace_one(
            {"_id": work_item_id}, {"encounter_id": encounter_id, "tenant_id": tenant_id}, upsert=True
        )
