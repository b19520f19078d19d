"""Mongo collections behind the release of remittances, all append-only with deterministic ids.

payment_calendar  _id "<payment date>|<entry id>": one pointer per adjudication, so "what is due by day D"
                  is a range scan on _id (the one index FerretDB uses) instead of a scan of every claim.
released          _id <entry id>: written once when the adjudication went out in an 835 ("remitted", with
                  its trace) or was superseded by a replacement; never batched again after that.
The per-claim documents (submissions) and remittances (_id trace number) are owned by their stores.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from datetime import date, timedelta

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError
from rcm_platform.documents import insert_ignoring_duplicates

from rcm_clearinghouse.service.claim_intake import ScheduledPayment
from rcm_clearinghouse.service.ports import Document

CALENDAR, RELEASED, SUBMISSIONS, REMITTANCES = "payment_calendar", "released", "submissions", "remittances"


class PaymentCalendar:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.db = db

    async def schedule(self, payment: ScheduledPayment) -> None:
        doc = {
            "_id": f"{payment.payment_date.isoformat()}|{payment.entry_id}",
            "entry_id": payment.entry_id,
            "claim_id": payment.claim_id,
            "payment_date": payment.payment_date.isoformat(),
        }
        if payment.received_on is not None:
            doc["received_on"] = payment.received_on.isoformat()
        with suppress(DuplicateKeyError):  # scheduled by an earlier attempt at the same message
            await self.db[CALENDAR].insert_one(doc)

    async def due_by(self, day: date) -> list[Document]:
        """Every pointer with a payment date on or before `day` (ISO dates sort like the calendar)."""
        cursor = self.db[CALENDAR].find({"_id": {"$lt": (day + timedelta(days=1)).isoformat()}})
        return [doc async for doc in cursor]

    async def _by_ids(
        self, collection: str, ids: list[str], projection: Document | None = None
    ) -> dict[str, Document]:
        # FerretDB indexes only an exact {_id: value} filter; "$in" scans the whole collection.
        found = await asyncio.gather(*(self.db[collection].find_one({"_id": i}, projection) for i in ids))
        return {doc["_id"]: doc for doc in found if doc is not None}

    async def released(self, entry_ids: list[str]) -> dict[str, Document]:
        return await self._by_ids(RELEASED, entry_ids)

    async def forget(self, pointer_ids: list[str]) -> None:
        """Drop calendar pointers of released entries, so each day's scan stays small."""
        await asyncio.gather(*(self.db[CALENDAR].delete_one({"_id": i}) for i in pointer_ids))

    async def release_status(self, entry_id: str) -> Document | None:
        return await self.db[RELEASED].find_one({"_id": entry_id})

    async def mark_remitted(self, entry_ids: list[str], trace_number: str) -> None:
        docs = [
            {"_id": entry_id, "outcome": "remitted", "trace_number": trace_number} for entry_id in entry_ids
        ]
        await insert_ignoring_duplicates(self.db[RELEASED], docs)  # a retry re-marks the same entries

    async def supersede(self, original_entry_id: str, by_entry_id: str) -> bool:
        """True: the original was unreleased and is now withdrawn; False: it went out already."""
        try:
            await self.db[RELEASED].insert_one(
                {"_id": original_entry_id, "outcome": "superseded", "by": by_entry_id}
            )
        except DuplicateKeyError:
            return False
        return True

    async def claim_documents(self, claim_ids: list[str]) -> dict[str, Document]:
        return await self._by_ids(SUBMISSIONS, claim_ids, {"state": 1, "tenant_id": 1})

    async def remittance_entries(self, traces: list[str]) -> dict[str, list[str]]:
        found = await self._by_ids(REMITTANCES, traces, {"state.entry_ids": 1})
        return {trace: list(doc["state"]["entry_ids"]) for trace, doc in found.items()}
