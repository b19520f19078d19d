"""Mongo collections of denials besides the case aggregate: billing models, appeal letters, claim ledgers.

Reads are `_id` lookups where they are hot (FerretDB indexes only those); the ledgers are append-only with
deterministic ids, so a redelivered event inserts nothing twice.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from rcm_denials.domain.billing_models import BillingModel, TenantBillingConfig

BILLING_MODELS = "billing_models"
APPEAL_LETTERS = "appeal_letters"
REMITTED_CLAIMS = "remitted_claims"
SUBMITTED_CLAIMS = "submitted_claims"
DENIAL_CASES = "denial_cases"


class BillingModelRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = db[BILLING_MODELS]

    async def get(self, tenant_id: str) -> TenantBillingConfig:
        """The tenant's configuration; a tenant that never set one works every queue in-house."""
        doc = await self.collection.find_one({"_id": tenant_id})
        if doc is None:
            return TenantBillingConfig(tenant_id=tenant_id, billing_model=BillingModel.IN_HOUSE)
        return TenantBillingConfig.model_validate(doc["config"])

    async def put(self, config: TenantBillingConfig) -> None:
        # Written directly by the HTTP request, not through a command: consumers only read it, and the
        # version in the document makes a lost concurrent PUT visible to the one who made it.
        await self.collection.replace_one(
            {"_id": config.tenant_id},
            {"_id": config.tenant_id, "config": config.model_dump(mode="json")},
            upsert=True,
        )


class AppealLetterRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = db[APPEAL_LETTERS]

    async def save(
        self,
        *,
        letter_document_id: str,
        appeal_id: str,
        claim_id: str,
        tenant_id: str,
        text: str,
        created_at: datetime,
    ) -> None:
        # Saved before the appeal is recorded, under an id derived from the command: a retry rewrites it.
        await self.collection.replace_one(
            {"_id": letter_document_id},
            {
                "_id": letter_document_id,
                "appeal_id": appeal_id,
                "claim_id": claim_id,
                "tenant_id": tenant_id,
                "letter_text": text,  # a PHI name (rcm_schemas.phi): the letter quotes the claim, so it is sealed
                "created_at": created_at,
            },
            upsert=True,
        )

    async def get(self, letter_document_id: str) -> dict[str, Any] | None:
        found = await self.collection.find_one({"_id": letter_document_id})
        if found is not None and "letter_text" in found:
            found["text"] = found.pop("letter_text")
        return found


class ClaimLedger:
    """Claims remitted and submitted per month: the denominators of the denial rates."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.remitted = db[REMITTED_CLAIMS]
        self.submitted = db[SUBMITTED_CLAIMS]

    async def record_remitted(self, *, tenant_id: str, claim_id: str, month: str) -> None:
        await _insert_once(
            self.remitted,
            {
                "_id": f"{tenant_id}:{claim_id}:{month}",
                "tenant_id": tenant_id,
                "claim_id": claim_id,
                "month": month,
            },
        )

    async def record_submitted(
        self,
        *,
        tenant_id: str,
        claim_id: str,
        month: str,
        charge_cents: int,
        original_claim_id: str | None = None,
    ) -> None:
        await _insert_once(
            self.submitted,
            {
                "_id": f"{tenant_id}:{claim_id}",
                "tenant_id": tenant_id,
                "claim_id": claim_id,
                "month": month,
                "charge_cents": charge_cents,
                "original_claim_id": original_claim_id,
            },
        )

    async def original_of(self, *, tenant_id: str, claim_id: str) -> str | None:
        """The claim a replacement (frequency 7) replaced, as its ClaimSubmitted said; None for an original."""
        doc = await self.submitted.find_one({"_id": f"{tenant_id}:{claim_id}"}, {"original_claim_id": 1})
        return None if doc is None else doc.get("original_claim_id")

    async def remitted_count(self, tenant_id: str, month: str) -> int:
        return await self.remitted.count_documents({"tenant_id": tenant_id, "month": month})

    async def submitted_by_month(self, tenant_id: str) -> dict[str, tuple[int, int]]:
        """month -> (claims, charge cents)."""
        totals: dict[str, tuple[int, int]] = {}
        async for doc in self.submitted.find({"tenant_id": tenant_id}):
            count, cents = totals.get(doc["month"], (0, 0))
            totals[doc["month"]] = (count + 1, cents + int(doc["charge_cents"]))
        return totals


async def _insert_once(collection: Any, doc: dict[str, Any]) -> None:
    with contextlib.suppress(DuplicateKeyError):  # already recorded by an earlier delivery of the event
        await collection.insert_one(doc)
