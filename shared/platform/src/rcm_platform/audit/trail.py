"""The audit trail: who did what to which record, when, as which role and why; append-only and hash-chained.

Every service keeps its own trail in its own database (collection `audit_trail`), one chain per tenant, so an
auditor sees what that service was asked to do and what it did by itself. Records hold ids, never PHI: the
`target` names records by their ids (patient_id, claim_id...), the way an auditor then looks them up.

Two kinds of record:
- `http`: every signed-in request, written by the kit before the response leaves (a read that cannot be
  recorded is not answered), with the token's subject and the role it was let in by;
- `event`: a change a service made by itself on an event (posting a remittance, for example), written by the
  service with the event id in its key, so a redelivered event is recorded once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from rcm_platform.audit.chain import ChainRecord, HashChain
from rcm_platform.audit.links import Document, MemoryLinks, MongoLinks, key_index

AUDIT_TRAIL = "audit_trail"
AUDIT_KEY = "audit_id"
MAX_QUERY_LIMIT = 1000
Source = Literal["http", "event"]


@dataclass(frozen=True)
class AuditRecord:
    audit_id: str
    """Unique in the service's trail; deterministic for event records (a redelivery is not a second record)."""
    at: datetime
    actor: str
    """The token's subject (http) or the service itself, `service:<name>` (event)."""
    role: str
    action: str
    """`METHOD /route/template` for http; a verb phrase for event records (`post remittance`)."""
    why: str
    outcome: str
    """The HTTP status for http records; `applied` for event records."""
    source: Source
    target: Mapping[str, str] = field(default_factory=dict)
    """The records acted on, by id: {"claim_id": "C1"}."""
    cause: str | None = None
    """The event that caused an event record (its id), or the request's Idempotency-Key when it had one."""

    def fields(self, service: str) -> dict[str, Any]:
        return {
            "service": service,
            "at": self.at,
            "actor": self.actor,
            "role": self.role,
            "action": self.action,
            "why": self.why,
            "outcome": self.outcome,
            "source": self.source,
            "target": dict(self.target),
            "target_ids": sorted(set(self.target.values())),
            "cause": self.cause,
        }


@dataclass(frozen=True)
class AuditQuery:
    actor: str | None = None
    action: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100

    def filter(self, tenant_id: str) -> dict[str, Any]:
        query: dict[str, Any] = {"tenant_id": tenant_id}
        if self.actor is not None:
            query["actor"] = self.actor
        if self.action is not None:
            query["action"] = self.action
        if self.target_id is not None:
            query["target_ids"] = self.target_id
        moment: dict[str, datetime] = {}
        if self.since is not None:
            moment["$gte"] = self.since
        if self.until is not None:
            moment["$lt"] = self.until
        if moment:
            query["at"] = moment
        return query


class AuditLog(Protocol):
    """What a use case needs to record the changes it makes on its own (the port `AuditTrail` implements)."""

    async def record(self, tenant_id: str, records: Sequence[AuditRecord]) -> int: ...


def service_actor(service: str) -> str:
    """The actor of a change a service made by itself on an event (the event's own actor is in its cause)."""
    return f"service:{service}"


class AuditTrail:
    """On the store (`collection`), or in memory for the in-memory test worlds (`collection=None`)."""

    def __init__(self, collection: AsyncCollection[Document] | None, service: str) -> None:
        self.collection = collection
        self.service = service
        self.links: MongoLinks | MemoryLinks = (
            MongoLinks(collection) if collection is not None else MemoryLinks(AUDIT_KEY)
        )
        self.chain = HashChain(self.links, key_field=AUDIT_KEY)

    @staticmethod
    def indexes() -> list[IndexModel]:
        return [
            key_index(AUDIT_KEY),
            IndexModel([("tenant_id", ASCENDING), ("at", ASCENDING)], name="tenant_at"),
        ]

    async def record(self, tenant_id: str, records: Sequence[AuditRecord]) -> int:
        """Append in order to the tenant's chain; records already in it (same audit_id) are skipped."""
        return await self.chain.append(
            tenant_id, [ChainRecord(record.audit_id, record.fields(self.service)) for record in records]
        )

    async def find(self, tenant_id: str, query: AuditQuery) -> list[Document]:
        """Newest first. The position `_id` sorts in chain order within a tenant (seq is zero-padded)."""
        limit = max(1, min(query.limit, MAX_QUERY_LIMIT))
        if isinstance(self.links, MemoryLinks):
            return _found_in_memory(self.links, tenant_id, query)[:limit]
        cursor = self.links.collection.find(query.filter(tenant_id)).sort("_id", -1).limit(limit)
        return [document async for document in cursor]


def _found_in_memory(links: MemoryLinks, tenant_id: str, query: AuditQuery) -> list[Document]:
    def wanted(document: Document) -> bool:
        return (
            document.get("tenant_id") == tenant_id
            and query.actor in (None, document.get("actor"))
            and query.action in (None, document.get("action"))
            and (query.target_id is None or query.target_id in document.get("target_ids", []))
            and (query.since is None or document["at"] >= query.since)
            and (query.until is None or document["at"] < query.until)
        )

    return sorted(
        (dict(document) for document in links.documents.values() if wanted(document)),
        key=lambda document: str(document["_id"]),
        reverse=True,
    )
