"""The analytics event store: every published event once, as it travelled (PHI fields sealed with the tenant's
key), with the fields the reports select by beside it in the clear (tenant, type, time, claim, encounter, 835).

Append-only and keyed by the event id, so a redelivery or a rebuild writes nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError
from rcm_platform.phi import WireCipher
from rcm_schemas import EventMessage

from rcm_analytics.domain.event_log import EventLog

EVENT_STORE = "published_events"
DUPLICATE_KEY = 11000
ORDER = [("occurred_at", ASCENDING), ("_id", ASCENDING)]

INDEXES = (
    IndexModel([("tenant_id", 1), ("occurred_at", 1)]),
    IndexModel([("tenant_id", 1), ("claim_id", 1)]),
    IndexModel([("tenant_id", 1), ("encounter_id", 1)]),
    IndexModel([("tenant_id", 1), ("trace_number", 1)]),
)


class MongoEventStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]], wire: WireCipher) -> None:
        self.events = db[EVENT_STORE]
        self.wire = wire

    def _document(self, message: EventMessage) -> dict[str, Any]:
        envelope, payload = message.envelope, message.payload
        return {
            "_id": str(envelope.event_id),
            "tenant_id": envelope.tenant_id,
            "event_type": envelope.event_type,
            "occurred_at": envelope.occurred_at,
            "claim_id": getattr(payload, "claim_id", None),
            "encounter_id": getattr(payload, "encounter_id", None),
            "trace_number": getattr(payload, "trace_number", None),
            "message": self.wire.encode(message).decode(),
        }

    async def append(self, message: EventMessage) -> bool:
        """False when the event is already stored."""
        try:
            await self.events.insert_one(self._document(message))
        except DuplicateKeyError:
            return False
        return True

    async def append_many(self, messages: Iterable[EventMessage]) -> int:
        documents = [self._document(m) for m in messages]
        if not documents:
            return 0
        try:
            result = await self.events.insert_many(documents, ordered=False)
            return len(result.inserted_ids)
        except BulkWriteError as error:
            details = error.details
            if any(e.get("code") != DUPLICATE_KEY for e in details.get("writeErrors", [])):
                raise
            return int(details.get("nInserted", 0))

    async def log_of(self, tenants: Iterable[str]) -> EventLog:
        log = EventLog()
        async for doc in self.events.find({"tenant_id": {"$in": sorted(tenants)}}, {"message": 1}).sort(
            ORDER
        ):
            log.add(self._decoded(doc))
        return log

    async def count(self, tenants: Iterable[str]) -> int:
        return await self.events.count_documents({"tenant_id": {"$in": sorted(tenants)}})

    async def of_claim(self, tenant_id: str, claim_id: str) -> list[EventMessage]:
        """The claim's events, its encounter's events that name no claim, and the 835s that answered it."""
        own = [
            self._decoded(d) async for d in self.events.find({"tenant_id": tenant_id, "claim_id": claim_id})
        ]
        if not own:
            return []
        encounters = {m.payload.encounter_id for m in own if getattr(m.payload, "encounter_id", None)}  # type: ignore[attr-defined]
        traces = {m.payload.trace_number for m in own if getattr(m.payload, "trace_number", None)}  # type: ignore[attr-defined]
        related = {
            "tenant_id": tenant_id,
            "$or": [
                {"encounter_id": {"$in": sorted(encounters)}, "claim_id": None},
                {"trace_number": {"$in": sorted(traces)}, "event_type": "RemittanceReceived"},
            ],
        }
        return own + [self._decoded(d) async for d in self.events.find(related)]

    async def claims_of_encounter(self, tenant_id: str, encounter_id: str) -> list[str]:
        found = await self.events.distinct("claim_id", {"tenant_id": tenant_id, "encounter_id": encounter_id})
        return sorted(c for c in found if c)

    async def tenants(self) -> list[str]:
        return sorted(await self.events.distinct("tenant_id"))

    async def clear(self) -> int:
        return (await self.events.delete_many({})).deleted_count

    def _decoded(self, doc: dict[str, Any]) -> EventMessage:
        return self.wire.decode(doc["message"].encode())
