"""The outbox of a posted remittance, in page documents beside the remittance document.

Why pages and not the kit's in-document outbox: one 835 can pay 10,000 claims, i.e. 20,000 events of 1-20 kB,
far past FerretDB's 16 MB document limit. The remittance document stays small (status, reconciliation summary,
page count); its events sit in pages of at most PAGE_SIZE records (worst case ~20 kB each, so a few MB).

Order of writes: ledger entries, queue items and pages first (unique inserts, duplicates ignored), then the
remittance document (the commit point, with the processed marker), then the pages are published in order and
deleted. The event ids are derived from the cause's event id, so a retry after a crash rebuilds the very same
records: a page written twice keeps the first copy, and a page published twice is dropped by consumers as a
duplicate event id. Pages of a remittance whose document was never written are left alone by the start-up
sweep (the uncommitted cause is redelivered and completes them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import structlog
from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform.documents import insert_ignoring_duplicates
from rcm_platform.ports import OutgoingRecord, Publisher
from rcm_schemas import EventMessage

OUTBOX_PAGES = "remittance_outbox"
PAGE_SIZE = 200
log = structlog.get_logger("rcm.remittance.outbox")


def page_id(remittance_key: str, page: int) -> str:
    return f"{remittance_key}#{page:06d}"


class OutboxPages:
    """The RemittanceOutbox port over a collection of pages and the service's publisher."""

    def __init__(self, collection: AsyncCollection[dict[str, Any]], publisher: Publisher) -> None:
        self.collection = collection
        self.publisher = publisher

    async def write(self, remittance_key: str, messages: Sequence[EventMessage]) -> int:
        """Store the messages in pages; returns the page count (kept in the remittance document)."""
        records = [self.publisher.record_for(message) for message in messages]
        pages = [records[start : start + PAGE_SIZE] for start in range(0, len(records), PAGE_SIZE)]
        documents = [
            {
                "_id": page_id(remittance_key, number),
                "remittance_key": remittance_key,
                "page": number,
                "records": [record.to_document() for record in page],
            }
            for number, page in enumerate(pages)
        ]
        await insert_ignoring_duplicates(self.collection, documents)
        return len(pages)

    async def publish(self, remittance_key: str, page_count: int) -> int:
        """Publish the pages still stored, in order, deleting each once sent; returns the records sent."""
        sent = 0
        for number in range(page_count):
            document = await self.collection.find_one({"_id": page_id(remittance_key, number)})
            if document is None:
                continue  # published by an earlier attempt
            for record in document["records"]:  # in order: one claim's PaymentPosted precedes its outcome
                await self.publisher.send(OutgoingRecord.from_document(record))
            await self.collection.delete_one({"_id": document["_id"]})
            sent += len(document["records"])
        return sent

    async def sweep(self, committed_page_count: Callable[[str], Awaitable[int | None]]) -> int:
        """Start-up: publish pages left by a process that died after committing their remittance."""
        keys = sorted(
            {document["remittance_key"] async for document in self.collection.find({}, {"remittance_key": 1})}
        )
        published = 0
        for key in keys:
            page_count = await committed_page_count(key)
            if page_count is not None:
                published += await self.publish(key, page_count)
        if published:
            log.info("published remittance outbox pages left by an earlier run", records=published)
        return published
