"""Read-side queries of the HTTP API over the coding documents and the work item index (Mongo).

A document of another tenant answers like a missing one (None): its existence is not the caller's business.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from rcm_platform.ports import State

from rcm_coding.adapters.work_item_index import WORK_ITEM_INDEX
from rcm_coding.domain.procedure_groups import is_em_office_visit

CODING_COLLECTION = "encounter_coding"
Doc = dict[str, Any]


class CodingQueries:
    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.documents = db[CODING_COLLECTION]
        self.work_item_index = db[WORK_ITEM_INDEX]

    async def coding(self, tenant_id: str, encounter_id: str) -> State | None:
        doc = await self.documents.find_one({"_id": encounter_id}, {"state": 1, "tenant_id": 1})
        if doc is None or doc.get("tenant_id") != tenant_id:
            return None
        return dict(doc["state"])

    async def encounter_of_work_item(self, tenant_id: str, work_item_id: str) -> str | None:
        entry = await self.work_item_index.find_one({"_id": work_item_id})
        if entry is None or entry.get("tenant_id") != tenant_id:
            return None
        return str(entry["encounter_id"])

    async def with_work_items(self, tenant_id: str, status: str | None) -> list[State]:
        """The coding states of the tenant that hold a work item (in this status), oldest encounter id first."""
        query: Doc = {"tenant_id": tenant_id, "state.work_item": {"$ne": None}}
        if status is not None:
            query["state.work_item.status"] = status
        cursor = self.documents.find(query, {"state": 1}).sort("_id", 1)
        return [doc["state"] async for doc in cursor]

    async def office_visits(self, tenant_id: str, clinic_id: str) -> list[tuple[str, str]]:
        """(provider, E/M code) of every coded office visit of a clinic, for the upcoding report."""
        # A scan, not an indexed lookup (FerretDB indexes only _id): a report, read rarely, not a hot path.
        query = {"tenant_id": tenant_id, "state.clinic_id": clinic_id, "state.status": "coded"}
        visits: list[tuple[str, str]] = []
        async for doc in self.documents.find(query, {"state.provider_id": 1, "state.lines": 1}):
            state = doc["state"]
            visits.extend(
                (state["provider_id"], line["procedure_code"])
                for line in state["lines"]
                if is_em_office_visit(line["procedure_code"])
            )
        return visits
