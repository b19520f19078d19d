"""The append-only ledger collection: one document per LedgerEntry, hash-chained per tenant.

Each entry is a link of the tenant's chain (rcm_platform.audit): `_id` is its position, `entry_id` (the
deterministic id of the posting) is unique, so a re-posted file links nothing twice; `rcm audit verify` and the
service's self-check name the first entry altered, removed or reordered behind the service's back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pymongo import IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform.audit.chain import ChainRecord, HashChain
from rcm_platform.audit.links import MongoLinks, key_index

from rcm_remittance.domain.ledger import LedgerEntry

LEDGER = "ledger"
ENTRY_KEY = "entry_id"
_NOT_ENTRY_FIELDS = ("_id", ENTRY_KEY, "tenant_id", "seq", "prev_hash", "prev_key", "hash")


def _entry(document: dict[str, Any]) -> LedgerEntry:
    fields = {k: v for k, v in document.items() if k not in _NOT_ENTRY_FIELDS}
    return LedgerEntry.from_document({"_id": document[ENTRY_KEY], **fields})


def _chained(entry: LedgerEntry) -> ChainRecord:
    fields = entry.to_document()
    return ChainRecord(str(fields.pop("_id")), fields)


class LedgerRepository:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection
        self.chain = HashChain(MongoLinks(collection), key_field=ENTRY_KEY)

    @staticmethod
    def indexes() -> list[IndexModel]:
        return [key_index(ENTRY_KEY)]

    async def append(self, entries: Sequence[LedgerEntry], tenant_id: str) -> int:
        """Link the entries after the tenant's last one; entries linked before (a retried posting) are skipped."""
        return await self.chain.append(tenant_id, [_chained(entry) for entry in entries])

    async def of_claim(self, claim_id: str, tenant_id: str) -> list[LedgerEntry]:
        cursor = self.collection.find({"claim_id": claim_id, "tenant_id": tenant_id}).sort("posted_at", 1)
        return [_entry(document) async for document in cursor]

    async def of_claims_of_tenant(self, tenant_id: str) -> dict[str, list[LedgerEntry]]:
        # One scan for a whole statement cycle instead of one per claim: the tenant's claim entries, oldest first.
        cursor = self.collection.find({"tenant_id": tenant_id, "claim_id": {"$ne": None}})
        by_claim: dict[str, list[LedgerEntry]] = {}
        for entry in sorted(
            [_entry(document) async for document in cursor], key=lambda entry: entry.posted_at
        ):
            by_claim.setdefault(entry.claim_id or "", []).append(entry)
        return by_claim

    async def of_remittance(self, remittance_key: str, tenant_id: str) -> list[LedgerEntry]:
        query = {"remittance_key": remittance_key, "tenant_id": tenant_id}
        return [_entry(document) async for document in self.collection.find(query)]

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
