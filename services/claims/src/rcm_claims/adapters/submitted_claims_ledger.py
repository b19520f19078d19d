"""What the duplicate-claim rule needs: the duplicate fingerprints of claims already submitted, per tenant.

An append-only ledger with deterministic `_id`s (tenant + fingerprint), so a retried write is a harmless
duplicate-key error, and the lookup is a single `_id` read (the only indexed lookup FerretDB does well).
The fingerprint is a hash: the ledger holds no PHI.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from rcm_claims.domain.claim import ProfessionalClaim


def _ledger_id(claim: ProfessionalClaim) -> str:
    return f"{claim.tenant_id}:{claim.duplicate_fingerprint()}"


class MongoSubmittedClaims:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def prior_fingerprints(self, claim: ProfessionalClaim) -> frozenset[str]:
        """The claim's fingerprint when ANOTHER claim with it was submitted; empty otherwise."""
        found = await self.collection.find_one({"_id": _ledger_id(claim)}, {"claim_id": 1})
        if found is None or found.get("claim_id") == claim.claim_id:
            return frozenset()
        return frozenset({claim.duplicate_fingerprint()})

    async def remember(self, claim: ProfessionalClaim) -> None:
        # The first submission of a fingerprint wins; a replacement keeps the original's entry.
        with suppress(DuplicateKeyError):
            await self.collection.insert_one({"_id": _ledger_id(claim), "claim_id": claim.claim_id})
