"""The unmatched queue collection. Each item is an aggregate in the kit's layout ({_id, state, tenant_id,
_processed, _outbox}) so a manual match resolves it with AggregateStore.handle: the status change and the
events of the match are one document write.

Items are created by the posting of their remittance and resolved by MatchRemittanceLine; both arrive keyed by
the trace number, so one consumer writes them.

An 835 can be posted before the ClaimSubmitted of a claim it pays has reached us (the two topics have no mutual
order). Such a claim is queued as unknown_claim, and a marker keyed by tenant and claim id (unmatched_claims,
insert-only) lets the ClaimSubmitted subscriber find it with one lookup by _id and have it matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_schemas.money import to_cents

from rcm_remittance.adapters.remit_claim_documents import remit_claim_document, remit_claim_from_document
from rcm_remittance.adapters.unique_inserts import insert_ignoring_duplicates
from rcm_remittance.domain.unmatched import UnmatchedItem

UNMATCHED = "unmatched"
UNMATCHED_CLAIMS = "unmatched_claims"
OPEN = "open"
RESOLVED = "resolved"


def item_state(item: UnmatchedItem) -> dict[str, Any]:
    return {
        "status": OPEN,
        "kind": item.kind,
        "reason": item.reason,
        "remittance_key": item.remittance_key,
        "payer_id": item.payer_id,
        "payer_name": item.payer_name,
        "trace_number": item.trace_number,
        "payment_date": item.payment_date.isoformat(),
        "occurrence": item.occurrence,
        "created_at": item.created_at,
        "svc_index": item.svc_index,
        "known_claim_id": item.known_claim_id,
        "paid_cents": to_cents(item.paid),
        "charge_cents": to_cents(item.charge),
        "claim": remit_claim_document(item.claim),
    }


def item_from_state(item_id: str, state: dict[str, Any]) -> UnmatchedItem:
    return UnmatchedItem(
        item_id=item_id,
        kind=state["kind"],
        reason=state["reason"],
        remittance_key=state["remittance_key"],
        payer_id=state["payer_id"],
        payer_name=state["payer_name"],
        trace_number=state["trace_number"],
        payment_date=date.fromisoformat(state["payment_date"]),
        claim=remit_claim_from_document(state["claim"]),
        occurrence=state["occurrence"],
        created_at=state["created_at"],
        svc_index=state["svc_index"],
        known_claim_id=state["known_claim_id"],
    )


def _claim_marker_id(tenant_id: str, claim_id: str) -> str:
    return f"{tenant_id}:{claim_id}"


class UnmatchedRepository:
    def __init__(
        self, collection: AsyncCollection[dict[str, Any]], claim_markers: AsyncCollection[dict[str, Any]]
    ) -> None:
        self.collection = collection
        self.claim_markers = claim_markers

    async def add(self, items: Sequence[UnmatchedItem], tenant_id: str) -> int:
        documents = [
            {
                "_id": item.item_id,
                "state": item_state(item),
                "tenant_id": tenant_id,
                "_processed": [],
                "_outbox": [],
                "_version": 1,
            }
            for item in items
        ]
        added = await insert_ignoring_duplicates(self.collection, documents)
        markers = [
            {"_id": _claim_marker_id(tenant_id, item.claim.claim_id)}
            for item in items
            if item.reason == "unknown_claim"
        ]
        if markers:  # after the items: a marker always finds its item
            await insert_ignoring_duplicates(self.claim_markers, markers)
        return added

    async def open_unknown_claim_items(self, claim_id: str, tenant_id: str) -> list[UnmatchedItem]:
        """Open items that name a claim we did not know when its remittance was posted (usually none)."""
        if await self.claim_markers.find_one({"_id": _claim_marker_id(tenant_id, claim_id)}) is None:
            return []
        query = {
            "tenant_id": tenant_id,
            "state.status": OPEN,
            "state.reason": "unknown_claim",
            "state.claim.claim_id": claim_id,
        }
        return [
            item_from_state(document["_id"], document["state"])
            async for document in self.collection.find(query)
        ]

    async def get(self, item_id: str, tenant_id: str) -> tuple[UnmatchedItem, dict[str, Any]] | None:
        document = await self.collection.find_one({"_id": item_id})
        if document is None or document.get("tenant_id") != tenant_id:
            return None
        return item_from_state(item_id, document["state"]), document["state"]

    async def open_items(self, tenant_id: str, limit: int = 500) -> list[UnmatchedItem]:
        cursor = self.collection.find({"tenant_id": tenant_id, "state.status": OPEN}).limit(limit)
        return [item_from_state(document["_id"], document["state"]) async for document in cursor]

    async def open_paid_cents(self, remittance_key: str) -> int:
        """Money of this remittance still waiting in the queue (part of its reconciliation)."""
        query = {"state.remittance_key": remittance_key, "state.status": OPEN}
        return sum([document["state"]["paid_cents"] async for document in self.collection.find(query)])
