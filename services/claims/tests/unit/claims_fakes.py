"""The claims service on in-memory ports, for millisecond tests of whole workflows through the real consumer.

The claim aggregates live in the kit's in-memory aggregate store behind the production ClaimRepository, and
the wiring is the composition root's own (`rcm_claims.app.assemble`); only the plain collections (control
numbers, the submitted-claims ledger, the read side) are dicts with the same contracts as the Mongo adapters.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import rcm_x12
from rcm_claims.adapters.claim_documents import record_from_state
from rcm_claims.adapters.claim_queries import SUMMARY_FIELDS
from rcm_claims.adapters.reference_files import load_reference_data
from rcm_claims.app import CLAIMS, Collections, assemble
from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.service.ports import SummaryRow
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.in_memory import InMemoryService
from rcm_platform.testing.memory import InMemoryAggregateStore, InMemoryStores, RecordingPublisher


class ControlNumbersInMemory:
    """One number per submission key, never two keys on one number (the Mongo adapter's contract)."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self._next = itertools.count(1001)

    async def reserve(self, key: str) -> rcm_x12.ControlNumbers:
        number = self.by_key.setdefault(key, next(self._next))
        return rcm_x12.ControlNumbers(interchange=number, group=number, transaction_set=number)


class SubmittedClaimsInMemory:
    """Fingerprint -> the first claim submitted with it, per tenant."""

    def __init__(self) -> None:
        self.first_claim: dict[str, str] = {}

    async def prior_fingerprints(self, claim: ProfessionalClaim) -> frozenset[str]:
        owner = self.first_claim.get(f"{claim.tenant_id}:{claim.duplicate_fingerprint()}")
        return frozenset() if owner in (None, claim.claim_id) else frozenset({claim.duplicate_fingerprint()})

    async def remember(self, claim: ProfessionalClaim) -> None:
        self.first_claim.setdefault(f"{claim.tenant_id}:{claim.duplicate_fingerprint()}", claim.claim_id)


class ClaimReadsInMemory:
    """The read side over the in-memory claims store: the same filters as ClaimQueries on Mongo."""

    def __init__(self, store: InMemoryAggregateStore) -> None:
        self.store = store

    def _rows(self, tenant_id: str, **wanted: Any) -> list[SummaryRow]:
        def matches(row: SummaryRow) -> bool:
            return all(
                value is None or (value in row[name] if name == "rule_ids" else row[name] == value)
                for name, value in wanted.items()
            )

        rows = [
            {name: doc.state.get(name) for name in SUMMARY_FIELDS}
            for doc in self.store.documents.values()
            if doc.tenant_id == tenant_id
        ]
        return sorted((row for row in rows if matches(row)), key=lambda row: row["claim_id"])

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
    ) -> list[SummaryRow]:
        rows = self._rows(tenant_id, status=status, payer_id=payer_id)
        rows = [r for r in rows if date_from is None or r["date_of_service"] >= date_from.isoformat()]
        rows = [r for r in rows if date_to is None or r["date_of_service"] <= date_to.isoformat()]
        return rows[offset : offset + limit]

    async def list_work_items(
        self,
        tenant_id: str,
        *,
        status: str | None = "open",
        payer_id: str | None = None,
        rule_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[SummaryRow]:
        rows = self._rows(tenant_id, work_item_status=status, payer_id=payer_id, rule_ids=rule_id)
        return [r for r in rows if r["work_item_id"] is not None][offset : offset + limit]

    async def claim(self, tenant_id: str, claim_id: str) -> ClaimRecord | None:
        doc = self.store.documents.get(claim_id)
        if doc is None or doc.tenant_id != tenant_id:
            return None
        return record_from_state(doc.state)


class ClaimsWorld(InMemoryService):
    """The service plus what the tests read: a claim's record as stored."""

    async def record(self, claim_id: str) -> ClaimRecord | None:
        state = await self.service.store(CLAIMS).load(claim_id)
        return None if state is None else record_from_state(state)

    def stored_claims(self) -> int:
        return len(self.stores(CLAIMS).documents)


def claims_world(settings: ClaimsSettings | None = None) -> ClaimsWorld:
    """The claims service on the synthetic reference data (what the demo runs), wired by its own root."""
    settings = settings or ClaimsSettings(synthetic_reference_data=True)
    publisher = RecordingPublisher(settings.topic_prefix)
    stores = InMemoryStores(publisher, producer=settings.service_name)
    service = Service(settings, stores=stores, publisher=publisher)
    collections = Collections(
        ControlNumbersInMemory(), SubmittedClaimsInMemory(), ClaimReadsInMemory(stores(CLAIMS))
    )
    assemble(service, settings, collections, load_reference_data(settings))
    return ClaimsWorld(service, publisher, stores)
