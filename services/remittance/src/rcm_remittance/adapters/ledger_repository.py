"""The append-only ledger collection: one document per LedgerEntry, hash-chained per tenant.

Each entry is a link of the tenant's chain (rcm_platform.audit): `_id` is its position, `entry_id` (the
deterministic id of the posting) is unique, so a re-posted file links nothing twice; `rcm audit verify` and the
service's self-check name the first entry altered, removed or reordered behind the service's back.

Beside it, `ledger_by_claim` holds each claim's entries in one document keyed by `_id` ("<tenant>:<claim>"), so
a claim's history (a reversal's prior postings, an account page) is one indexed read instead of a ledger scan
whose cost grows with every posting. It is a projection of the chain, written after each append for every entry
of the append (linked now or before), so a crash between the two is repaired by the redelivered posting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pymongo import IndexModel, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform.audit.chain import ChainRecord, HashChain
from rcm_platform.audit.links import MongoLinks, key_index
from rcm_platform.documents import MAX_STATEMENTS_PER_WRITE

from rcm_remittance.domain.ledger import LedgerEntry

LEDGER = "ledger"
LEDGER_BY_CLAIM = "ledger_by_claim"
ENTRY_KEY = "entry_id"
_NOT_ENTRY_FIELDS = ("_id", ENTRY_KEY, "tenant_id", "seq", "prev_hash", "prev_key", "hash")


def _entry(document: dict[str, Any]) -> LedgerEntry:
    fields = {k: v for k, v in document.items() if k not in _NOT_ENTRY_FIELDS}
    return LedgerEntry.from_document({"_id": document[ENTRY_KEY], **fields})


def _entries_of(by_claim_document: dict[str, Any]) -> list[LedgerEntry]:
    """A claim's entries from its by-claim document, oldest first."""
    entries = [
        LedgerEntry.from_document({"_id": entry_id, **fields})
        for entry_id, fields in by_claim_document.get("entries", {}).items()
    ]
    return sorted(entries, key=lambda entry: entry.posted_at)


def _chained(entry: LedgerEntry) -> ChainRecord:
    fields = entry.to_document()
    return ChainRecord(str(fields.pop("_id")), fields)


PROJECTED_MARKER = "projected-from-ledger"
"""The by-claim document written once the start-up projection is complete (it has no tenant_id: no claim's)."""


def by_claim_id(tenant_id: str, claim_id: str) -> str:
    # A tenant id never holds ':' (TENANT_ID_PATTERN), so no two tenants' claims can share a document.
    return f"{tenant_id}:{claim_id}"


class LedgerRepository:
    def __init__(
        self, collection: AsyncCollection[dict[str, Any]], by_claim: AsyncCollection[dict[str, Any]]
    ) -> None:
        self.collection = collection
        self.by_claim = by_claim
        self.chain = HashChain(MongoLinks(collection), key_field=ENTRY_KEY)

    @staticmethod
    def indexes() -> list[IndexModel]:
        return [key_index(ENTRY_KEY)]

    async def append(self, entries: Sequence[LedgerEntry], tenant_id: str) -> int:
        """Link the entries after the tenant's last one; entries linked before (a retried posting) are skipped."""
        linked = await self.chain.append(tenant_id, [_chained(entry) for entry in entries])
        await self._project_by_claim(entries, tenant_id)
        return linked

    async def _project_by_claim(self, entries: Sequence[LedgerEntry], tenant_id: str) -> None:
        """Set each entry under its claim's document (by entry id: a repeat sets the same value)."""
        fields_by_claim: dict[str, dict[str, Any]] = {}
        for entry in entries:
            if entry.claim_id is not None:
                document = entry.to_document()
                fields_by_claim.setdefault(entry.claim_id, {})[f"entries.{document.pop('_id')}"] = document
        updates = [
            UpdateOne(
                {"_id": by_claim_id(tenant_id, claim_id)},
                {"$set": {"tenant_id": tenant_id, "claim_id": claim_id, **fields}},
                upsert=True,
            )
            for claim_id, fields in fields_by_claim.items()
        ]
        for start in range(0, len(updates), MAX_STATEMENTS_PER_WRITE):  # FerretDB (rcm_platform.documents)
            await self.by_claim.bulk_write(updates[start : start + MAX_STATEMENTS_PER_WRITE], ordered=False)

    async def project_missing_claims(self) -> int:
        """Build the by-claim documents from the ledger once (a ledger written before they existed, or a
        projection interrupted by a crash): one scan at start-up instead of one per lookup. Setting an entry again
        changes nothing, so a repeated projection is harmless. Returns the claims projected."""
        if await self.by_claim.find_one({"_id": PROJECTED_MARKER}) is not None:
            return 0
        by_tenant: dict[str, list[LedgerEntry]] = {}
        async for document in self.collection.find({"claim_id": {"$ne": None}}):
            by_tenant.setdefault(document["tenant_id"], []).append(_entry(document))
        for tenant_id, entries in by_tenant.items():
            await self._project_by_claim(entries, tenant_id)
        await self.by_claim.update_one({"_id": PROJECTED_MARKER}, {"$set": {"done": True}}, upsert=True)
        return sum(len({e.claim_id for e in entries}) for entries in by_tenant.values())

    async def of_claim(self, claim_id: str, tenant_id: str) -> list[LedgerEntry]:
        return (await self._of_claims([claim_id], tenant_id)).get(claim_id, [])

    async def _of_claims(self, claim_ids: Iterable[str], tenant_id: str) -> dict[str, list[LedgerEntry]]:
        """Each claim's entries, oldest first (one `_id` read per claim)."""
        found: dict[str, list[LedgerEntry]] = {}
        for claim_id in sorted(set(claim_ids)):
            document = await self.by_claim.find_one({"_id": by_claim_id(tenant_id, claim_id)})
            if document is None:
                continue
            found[claim_id] = _entries_of(document)
        return found

    async def of_claims_of_tenant(self, tenant_id: str) -> dict[str, list[LedgerEntry]]:
        # One read of the tenant's by-claim documents for a whole statement cycle, instead of one per claim.
        by_claim: dict[str, list[LedgerEntry]] = {}
        async for document in self.by_claim.find({"tenant_id": tenant_id}):
            by_claim[document["claim_id"]] = _entries_of(document)
        return by_claim

    async def of_remittance(self, remittance_key: str, tenant_id: str) -> list[LedgerEntry]:
        query = {"remittance_key": remittance_key, "tenant_id": tenant_id}
        return [_entry(document) async for document in self.collection.find(query)]

    async def prior_of_claims(
        self, claim_ids: Iterable[str], tenant_id: str, excluding_remittances: Iterable[str]
    ) -> dict[str, list[LedgerEntry]]:
        """Entries a reversal may negate. The remittances being posted now are left out: after a crash, their
        own first-attempt entries must not count as an earlier posting (or as already reversed)."""
        excluded = set(excluding_remittances)
        prior: dict[str, list[LedgerEntry]] = {}
        for claim_id, entries in (await self._of_claims(claim_ids, tenant_id)).items():
            kept = [entry for entry in entries if entry.remittance_key not in excluded]
            if kept:
                prior[claim_id] = kept
        return prior
