"""Read side of the HTTP API: claims and biller work items, filtered by tenant, status, payer and date.

Lists read the flat summary fields of the state (never the record, which holds PHI and the 837 text); one
claim is read by `_id`, the lookup FerretDB indexes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from rcm_claims.adapters.claim_documents import record_from_state
from rcm_claims.domain.claim_record import ClaimRecord

SUMMARY_FIELDS = (
    "claim_id",
    "encounter_id",
    "status",
    "payer_id",
    "date_of_service",
    "total_charge_cents",
    "frequency_code",
    "original_claim_id",
    "replaced_by_claim_id",
    "work_item_id",
    "work_item_status",
    "rule_ids",
)


def _summary_projection() -> dict[str, int]:
    return {f"state.{name}": 1 for name in SUMMARY_FIELDS}


class ClaimQueries:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def _find(self, query: dict[str, Any], limit: int, offset: int) -> list[dict[str, Any]]:
        cursor = (
            self.collection.find(query, _summary_projection())
            .sort([("state.date_of_service", -1), ("_id", 1)])
            .skip(offset)
            .limit(limit)
        )
        return [doc["state"] async for doc in cursor]

    async def list_claims(
        self,
        tenant_id: str,
        *,
        status: str | None = None,
        payer_id: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"tenant_id": tenant_id}
        if status is not None:
            query["state.status"] = status
        if payer_id is not None:
            query["state.payer_id"] = payer_id
        dates: dict[str, str] = {}
        if date_from is not None:
            dates["$gte"] = date_from.isoformat()  # ISO dates sort as text, so a string range is a date range
        if date_to is not None:
            dates["$lte"] = date_to.isoformat()
        if dates:
            query["state.date_of_service"] = dates
        return await self._find(query, limit, offset)

    async def list_work_items(
        self,
        tenant_id: str,
        *,
        status: str | None = "open",
        payer_id: str | None = None,
        rule_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"tenant_id": tenant_id, "state.work_item_id": {"$ne": None}}
        if status is not None:
            query["state.work_item_status"] = status
        if payer_id is not None:
            query["state.payer_id"] = payer_id
        if rule_id is not None:
            query["state.rule_ids"] = rule_id
        return await self._find(query, limit, offset)

    async def claim(self, tenant_id: str, claim_id: str) -> ClaimRecord | None:
        doc = await self.collection.find_one({"_id": claim_id}, {"state": 1, "tenant_id": 1})
        if doc is None or doc.get("tenant_id") != tenant_id:
            return None  # another tenant's claim does not exist for this caller
        return record_from_state(doc["state"])
