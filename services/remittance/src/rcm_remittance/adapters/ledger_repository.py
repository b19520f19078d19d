"""The append-only ledger collection: one document per LedgerEntry, _id = its deterministic entry id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform.documents import insert_ignoring_duplicates

from rcm_remittance.domain.ledger import LedgerEntry

LEDGER = "ledger"
_NOT_ENTRY_FIELDS = ("tenant_id",)


def _entry(document: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry.from_document({k: v for k, v in document.items() if k not in _NOT_ENTRY_FIELDS})


class LedgerRepository:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def append(self, entries: Sequence[LedgerEntry], tenant_id: str) -> int:
        documents = [{**entry.to_document(), "tenant_id": tenant_id} for entry in entries]
        return await insert_ignoring_duplicates(self.collection, documents)

    async def of_claim(self, claim_id: str, tenant_id: str) -> list[LedgerEntry]:
        cursor = self.collection.find({"claim_id": claim_id, "tenant_id": tenant_id}).sort("posted_at", 1)
        return [_entry(document) async for document in cursor]

    async def of_remittance(self, remittance_key: str) -> list[LedgerEntry]:
        return [
            _entry(document) async for document in self.collection.find({"remittance_key": remittance_key})
        ]

    async def prior_of_claims(
        self, claim_ids: Iterable[str], tenant_id: str, excluding_remittances: Iterable[str]
    ) -> dict[str, list[LedgerEntry]]:
        """Entries a reversal may negate. The remittances being posted now are left out: after a crash, their
        own first-attempt entries must not count as an earlier posting (or as already reversed)."""
        wanted = sorted(set(claim_ids))
        if not wanted:
            return {}
        query = {
            "claim_id": {"$in": wanted},
            "tenant_id": tenant_id,
            "remittance_key": {"$nin": sorted(set(excluding_remittances))},
        }
        prior: dict[str, list[LedgerEntry]] = {}
        async for document in self.collection.find(query):
            entry = _entry(document)
            prior.setdefault(document["claim_id"], []).append(entry)
        return prior
