"""The Remittances port: one aggregate per posted 835 transaction (_id = remittance key), its state a small
summary of the posting.

Kept small on purpose (16 MB limit): counts, totals and the reconciliation; per-claim reconciliation lines
only up to MAX_CLAIM_LINES (the ledger and the PaymentPosted events carry every claim anyway).
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform.ports import Aggregates, Decision, State
from rcm_schemas import EventMessage
from rcm_schemas.money import to_cents
from rcm_x12 import Remittance

from rcm_remittance.domain.remittance_identity import stored_key
from rcm_remittance.service.file_posting import RemittancePosting

REMITTANCES = "remittances"
MAX_CLAIM_LINES = 1000


def remittance_state(
    posting: RemittancePosting,
    remittance: Remittance,
    *,
    page_count: int,
    event_count: int,
    source: str,
    file_name: str | None,
) -> dict[str, Any]:
    if posting.reconciliation is None:  # only a duplicate has none, and a duplicate is never stored
        raise ValueError(f"remittance {posting.remittance_key} has no reconciliation to store")
    reconciliation = posting.reconciliation.to_document()
    claims = reconciliation.pop("claims")
    return {
        "posted": True,
        "remittance_key": posting.remittance_key,
        "payer_id": posting.payer_id,
        "payer_name": remittance.payer.name,
        "trace_number": posting.trace_number,
        "payment_method": remittance.payment_method,
        "payment_date": remittance.payment_date.isoformat(),
        "file_total_cents": to_cents(remittance.payment_amount),
        "claim_count": len(remittance.claims),
        "posted_claim_count": len(posting.claims),
        "informational_claim_count": len(posting.informational_claims),
        "unmatched_count": len(posting.unmatched),
        "ledger_entry_count": len(posting.entries),
        "event_count": event_count,
        "outbox_pages": page_count,
        "source": source,
        "file_name": file_name,
        "reconciliation_at_posting": reconciliation,
        "claims": claims[:MAX_CLAIM_LINES],
        "claims_truncated": len(claims) > MAX_CLAIM_LINES,
    }


class RemittanceRepository:
    def __init__(self, store: Aggregates, collection: AsyncCollection[dict[str, Any]]) -> None:
        """`store` is the aggregate store over `collection`: it writes, `summary` reads with the tenant."""
        self.store = store
        self.collection = collection

    async def posted_page_count(self, remittance_key: str, tenant_id: str | None = None) -> int | None:
        """With `tenant_id`: the tenant's posting of the public key (stored under stored_key, or under the bare
        key before that rule, if it was this tenant's). Without: `remittance_key` is a document id (outbox sweep)."""
        if tenant_id is None:
            state = await self.store.load(remittance_key)
        else:
            state = await self._tenants_state(remittance_key, tenant_id)
        return int(state.get("outbox_pages", 0)) if state and state.get("posted") else None

    async def _tenants_state(self, remittance_key: str, tenant_id: str) -> State | None:
        for document_id in (stored_key(tenant_id, remittance_key), remittance_key):
            document = await self.collection.find_one({"_id": document_id}, {"state": 1, "tenant_id": 1})
            if document is not None and document.get("tenant_id") == tenant_id:
                return dict(document["state"])
        return None

    async def commit(
        self,
        posting: RemittancePosting,
        remittance: Remittance,
        cause: EventMessage,
        *,
        page_count: int,
        event_count: int,
        source: str,
        file_name: str | None,
    ) -> None:
        state = remittance_state(
            posting,
            remittance,
            page_count=page_count,
            event_count=event_count,
            source=source,
            file_name=file_name,
        )

        def decide(current: State | None) -> Decision | None:
            return None if current and current.get("posted") else Decision(state, ())

        await self.store.handle(stored_key(cause.envelope.tenant_id, posting.remittance_key), cause, decide)

    async def summary(self, remittance_key: str, tenant_id: str) -> State | None:
        return await self._tenants_state(remittance_key, tenant_id)
