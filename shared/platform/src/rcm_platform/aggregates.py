"""One writer per aggregate, with its processed markers and outbox in the same single-document write.

Document layout: {_id, state, tenant_id, _processed: [event ids], _outbox: [records], _version}.
The consumer that owns the aggregate's partition is its only writer, so read-modify-write is safe on FerretDB
(which can lose one of two concurrent updates to a document). The outbox is published right after the write (or, while
the consumer handles a batch, with the other outboxes of that batch when it ends) and then cleared by the same
writer; a crash in between leaves the records in the document, and the redelivered event (its offset was never
committed) or the start-up sweep publishes them: nothing is lost, and consumers drop the duplicates by event id.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import bson
from prometheus_client import Gauge
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError
from rcm_schemas import Envelope, Event, EventMessage, new_message

from rcm_platform.documents import MAX_STATEMENTS_PER_WRITE, insert_ignoring_duplicates
from rcm_platform.outbox_batch import OutboxBatch, current_batch
from rcm_platform.ports import Decide, Decision, Outcome, OutgoingRecord, Publisher, State

__all__ = ["AggregateStore", "Decide", "Decision", "Outcome", "State"]


SWEEP_LIMIT = 1000


class AggregateStore:
    def __init__(
        self,
        collection: AsyncCollection[dict[str, Any]],
        publisher: Publisher,
        *,
        producer: str,
        outbox_backlog: Gauge | None = None,
    ) -> None:
        self.collection = collection
        self.publisher = publisher
        self.producer = producer
        self.outbox_backlog = outbox_backlog
        self.after_write: Callable[[str], Awaitable[None]] | None = None
        """Test seam: runs between the state write and the publish (crash-recovery tests kill the process here)."""
        self.before_publish: Callable[[list[OutgoingRecord]], Awaitable[None]] | None = None
        """Sees the records of an outbox before they are sent, again after a crash: the audit trail."""
        self._unsent: set[Any] = set()
        """Aggregates whose outbox this process failed to publish: the sweeper's work list."""

    async def load(self, aggregate_id: str) -> State | None:
        doc = await self._read(aggregate_id, {"state": 1})
        return None if doc is None else self._state_of(doc)

    async def has_processed(self, aggregate_id: str, marker: str) -> bool:
        found = await self._read(aggregate_id, {"_processed": 1})
        return found is not None and marker in found.get("_processed", ())

    async def _read(
        self, aggregate_id: str, projection: dict[str, int] | None = None
    ) -> dict[str, Any] | None:
        """The document, read once per batch being handled (rcm_platform.outbox_batch); alone, as asked.
        Read-only for the caller: a state handed to a handler goes through `_state_of`."""
        batch = _remembering_batch()
        if batch is None:
            return await self.collection.find_one({"_id": aggregate_id}, projection)
        key = (id(self), aggregate_id)
        if key not in batch.documents:
            batch.documents[key] = await self.collection.find_one({"_id": aggregate_id})
        return batch.documents[key]

    def _state_of(self, doc: dict[str, Any]) -> State:
        """A copy of the stored state, as a fresh read would give it: a handler that changes the state it was
        given cannot change the document a batch remembers. A BSON round trip, twice as fast as deepcopy; a
        document read outside a batch is the caller's alone."""
        if _remembering_batch() is None:
            return dict(doc["state"])
        return dict(bson.decode(bson.encode(doc["state"]), codec_options=self.collection.codec_options))

    def _remember(self, doc: dict[str, Any] | None, aggregate_id: str) -> None:
        """After a write: the batch's copy is the document written (None: forget it, read it again)."""
        batch = _remembering_batch()
        if batch is not None:
            if doc is None:
                batch.documents.pop((id(self), aggregate_id), None)
            else:
                batch.documents[(id(self), aggregate_id)] = doc

    async def insert_many(self, states: Mapping[str, State], *, tenant_id: str) -> int:
        documents = [
            {
                "_id": aggregate_id,
                "state": state,
                "tenant_id": tenant_id,
                "_processed": [],
                "_outbox": [],
                "_version": 1,
            }
            for aggregate_id, state in states.items()
        ]
        return await insert_ignoring_duplicates(self.collection, documents)

    async def handle(self, aggregate_id: str, cause: EventMessage, decide: Decide) -> Outcome:
        """Apply one incoming event (or command) to an aggregate exactly once."""
        return await self._apply(
            aggregate_id, str(cause.envelope.event_id), cause.envelope, cause.envelope.tenant_id, decide
        )

    async def create(
        self, aggregate_id: str, *, tenant_id: str, state: State, events: Sequence[Event], marker: str
    ) -> Outcome:
        """Create an aggregate (an HTTP create): a unique insert, so a retried request creates nothing twice."""
        records = [self._record(event, tenant_id, None) for event in events]
        doc = {
            "_id": aggregate_id,
            "state": state,
            "tenant_id": tenant_id,
            "_processed": [marker],
            "_outbox": [r.to_document() for r in records],
            "_version": 1,
        }
        try:
            await self.collection.insert_one(doc)
        except DuplicateKeyError:
            existing = await self.collection.find_one({"_id": aggregate_id})
            if existing is not None:
                await self._flush(existing)
            return Outcome.DUPLICATE
        await self._flush(doc)
        return Outcome.APPLIED

    async def _apply(
        self, aggregate_id: str, marker: str, caused_by: Envelope | None, tenant_id: str, decide: Decide
    ) -> Outcome:
        doc = await self._read(aggregate_id)
        if doc is not None and marker in doc.get("_processed", ()):
            await self._flush(doc)  # the earlier attempt may have died between its write and its publish
            return Outcome.DUPLICATE
        decided = decide(None if doc is None else self._state_of(doc))
        decision = await decided if inspect.isawaitable(decided) else decided
        if decision is None:
            return Outcome.UNCHANGED
        records = [self._record(event, tenant_id, caused_by) for event in decision.events]
        new_doc = {
            "_id": aggregate_id,
            "state": decision.state,
            "tenant_id": tenant_id if doc is None else doc.get("tenant_id", tenant_id),
            "_processed": [*(doc or {}).get("_processed", []), marker],
            "_outbox": [*(doc or {}).get("_outbox", []), *(r.to_document() for r in records)],
            "_version": (doc or {}).get("_version", 0) + 1,
        }
        if doc is None:
            try:
                await self.collection.insert_one(new_doc)
            except DuplicateKeyError:
                # Created meanwhile (an HTTP create, an earlier attempt): read it again and update it.
                self._remember(None, aggregate_id)
                return await self._apply(aggregate_id, marker, caused_by, tenant_id, decide)
        else:
            try:
                await self.collection.replace_one({"_id": aggregate_id}, new_doc)
            except BaseException:
                self._remember(None, aggregate_id)  # it may have been written: a retry reads it again
                raise
        self._remember(new_doc, aggregate_id)
        if self.after_write is not None:
            await self.after_write(aggregate_id)
        await self._flush(new_doc)
        return Outcome.APPLIED

    def _record(self, event: Event, tenant_id: str, caused_by: Envelope | None) -> OutgoingRecord:
        message = new_message(event, producer=self.producer, tenant_id=tenant_id, caused_by=caused_by)
        return self.publisher.record_for(message)

    async def _flush(self, doc: dict[str, Any]) -> None:
        """Publish the document's outbox now, or at the end of the batch being handled (rcm_platform.outbox_batch)."""
        if not doc.get("_outbox"):
            return
        batch = current_batch()
        if batch is not None and batch.hold(self, doc):
            return
        await self.publish_outboxes([doc])

    async def publish_outboxes(self, documents: Sequence[dict[str, Any]]) -> None:
        """Send the outbox records of these documents in one producer flush, then clear the outboxes sent."""
        pending = [
            (doc, [OutgoingRecord.from_document(r) for r in doc.get("_outbox") or []]) for doc in documents
        ]
        pending = [(doc, records) for doc, records in pending if records]
        if not pending:
            return
        if (
            self.before_publish is not None
        ):  # one call for the batch: the audit trail appends it in one insert
            await self.before_publish([record for _, records in pending for record in records])
        count = sum(len(records) for _, records in pending)
        if self.outbox_backlog is not None:
            self.outbox_backlog.inc(count)
        try:
            # One aggregate's records share a key and a partition, and are handed over in order.
            await self.publisher.send_many([record for _, records in pending for record in records])
        except BaseException:
            self._unsent.update(doc["_id"] for doc, _ in pending)  # the sweeper sends them again
            raise
        finally:
            if self.outbox_backlog is not None:
                self.outbox_backlog.dec(count)
        await self._clear_sent([doc for doc, _ in pending])

    async def _clear_sent(self, documents: Sequence[dict[str, Any]]) -> None:
        """Clear only the outboxes just sent: a writer that moved on meanwhile keeps its newer outbox."""
        cleared: dict[str, Any] = {"$set": {"_outbox": []}}
        filters = [
            {"_id": doc["_id"]} | ({"_version": doc["_version"]} if "_version" in doc else {})
            for doc in documents
        ]
        if len(filters) == 1:
            await self.collection.update_one(filters[0], cleared)
            return
        for start in range(
            0, len(filters), MAX_STATEMENTS_PER_WRITE
        ):  # FerretDB's pool (rcm_platform.documents)
            chunk = filters[start : start + MAX_STATEMENTS_PER_WRITE]
            await self.collection.bulk_write([UpdateOne(f, cleared) for f in chunk], ordered=False)

    async def flush_pending(self) -> int:
        """Start-up sweep: publish outboxes left by a process that died after its write."""
        flushed = 0
        # A positional path ("_outbox.0") crashes FerretDB 1.24's SQLite handler; scan ids and outboxes
        # instead (start-up only) and load the few documents that still have records to send.
        async for doc in self.collection.find({}, {"_outbox": 1}):
            if doc.get("_outbox"):
                full = await self.collection.find_one({"_id": doc["_id"]})
                if full is not None:
                    await self._flush(full)
                    flushed += 1
        return flushed

    async def sweep(self, limit: int = SWEEP_LIMIT) -> int:
        """Publish again the outboxes whose publish failed in this process (the broker was away) while the
        process lives on; the start-up sweep covers a process that died. Only those aggregates are read: no scan.
        Bounded: at most `limit` per sweep; one that fails again waits for the next sweep."""
        flushed = 0
        for aggregate_id in list(self._unsent)[:limit]:
            found = await self.collection.find_one({"_id": aggregate_id})
            if found is not None and found.get("_outbox"):
                await self._flush(found)
                flushed += 1
            self._unsent.discard(aggregate_id)
        return flushed


def _remembering_batch() -> OutboxBatch | None:
    """The batch being handled, while it still remembers documents (until its publishing begins)."""
    batch = current_batch()
    return None if batch is None or batch.closed else batch
