"""The unmatched queue (the UnmatchedQueue port). Each item is an aggregate of the kit's store, created
with `insert_many` and resolved with `handle`, so the status change and the events of a match are one
document write; the queue's queries read the same collection by the item's state.

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
from rcm_platform.documents import insert_ignoring_duplicates
from rcm_platform.ports import Aggregates, Decision, State
from rcm_schemas import Event, EventMessage
from rcm_schemas.money import to_cents

from rcm_remittance.adapters.remit_claim_documents import remit_claim_document, remit_claim_from_document
from rcm_remittance.domain.unmatched import OPEN, RESOLVED, ItemStatus, Resolution, UnmatchedItem

UNMATCHED = "unmatched"
UNMATCHED_CLAIMS = "unmatched_claims"


def item_state(item: UnmatchedItem) -> dict[str, Any]:
    return {
        "status": OPEN,
        "kind": item.kind,
        "reason": item.reason,
        "problem": item.problem,
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
        problem=state.get("problem", ""),  # items queued before invalid_claim existed have none
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


def resolved_state(state: State, resolution: Resolution) -> State:
    return {
        **state,
        "status": RESOLVED,
        "matched_claim_id": resolution.claim_id,
        "matched_line_number": resolution.line_number,
        "resolved_by": resolution.resolved_by,
        "resolved_at": resolution.resolved_at,
        "resolution_entry_count": resolution.entry_count,
    }


def claim_marker_id(tenant_id: str, claim_id: str) -> str:
    return f"{tenant_id}:{claim_id}"


class UnmatchedRepository:
    def __init__(
        self,
        items: Aggregates,
        collection: AsyncCollection[dict[str, Any]],
        claim_markers: AsyncCollection[dict[str, Any]],
    ) -> None:
        """`items` is the aggregate store over `collection`: it writes, the queries read the collection."""
        self.items = items
        self.collection = collection
        self.claim_markers = claim_markers

    async def add(self, items: Sequence[UnmatchedItem], tenant_id: str) -> int:
        if not items:
            return 0
        added = await self.items.insert_many(
            {item.item_id: item_state(item) for item in items}, tenant_id=tenant_id
        )
        markers = [
            {"_id": claim_marker_id(tenant_id, item.claim.claim_id)}
            for item in items
            if item.reason == "unknown_claim"
        ]
        if markers:  # after the items: a marker always finds its item
            await insert_ignoring_duplicates(self.claim_markers, markers)
        return added

    async def open_unknown_claim_items(self, claim_id: str, tenant_id: str) -> list[UnmatchedItem]:
        """Open items that name a claim we did not know when its remittance was posted (usually none)."""
        if await self.claim_markers.find_one({"_id": claim_marker_id(tenant_id, claim_id)}) is None:
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

    async def get(self, item_id: str, tenant_id: str) -> tuple[UnmatchedItem, ItemStatus] | None:
        document = await self.collection.find_one({"_id": item_id}, {"state": 1, "tenant_id": 1})
        if document is None or document.get("tenant_id") != tenant_id:
            return None
        state = document["state"]
        return item_from_state(item_id, state), state["status"]

    async def resolve(
        self, item_id: str, cause: EventMessage, resolution: Resolution, events: Sequence[Event]
    ) -> None:
        def decide(current: State | None) -> Decision | None:
            if current is None or current.get("status") == RESOLVED:
                return None
            return Decision(resolved_state(current, resolution), events)

        await self.items.handle(item_id, cause, decide)

    async def open_items(self, tenant_id: str, limit: int = 500) -> list[UnmatchedItem]:
        cursor = self.collection.find({"tenant_id": tenant_id, "state.status": OPEN}).limit(limit)
        return [item_from_state(document["_id"], document["state"]) async for document in cursor]

    async def open_paid_cents(self, remittance_key: str, tenant_id: str) -> int:
        """Money of this tenant's remittance still waiting in the queue (part of its reconciliation)."""
        query = {"tenant_id": tenant_id, "state.remittance_key": remittance_key, "state.status": OPEN}
        return sum([document["state"]["paid_cents"] async for document in self.collection.find(query)])
