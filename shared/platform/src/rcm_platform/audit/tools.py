"""The operator's view of the chains and the audit trail across services, read straight from the store.

Used by `rcm audit verify|list`: the checks must not depend on the services they check being up or honest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo import AsyncMongoClient

from rcm_platform.audit.links import Document
from rcm_platform.audit.self_check import Chain
from rcm_platform.audit.trail import AUDIT_KEY, AUDIT_TRAIL, AuditQuery, AuditTrail
from rcm_platform.audit.verify import ChainReport

CHAINED_COLLECTIONS: dict[str, str] = {AUDIT_TRAIL: AUDIT_KEY, "ledger": "entry_id"}
"""Every hash-chained collection a service may keep, with the field naming its records (the remittance ledger
is chained on `entry_id`); a database holds those it uses."""


@dataclass(frozen=True)
class ChainFinding:
    database: str
    collection: str
    report: ChainReport


def database_of(prefix: str, service: str) -> str:
    """`rcm_<service>` for `rcm run`; `<run prefix>_<service>` for a kept demo or bench world."""
    return f"{prefix}_{service}"


async def verify_chains(mongo_uri: str, databases: Iterable[str]) -> list[ChainFinding]:
    findings: list[ChainFinding] = []
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        mongo_uri, tz_aware=True, serverSelectionTimeoutMS=5000
    )
    try:
        for name in databases:
            database = client[name]
            present = set(await database.list_collection_names())
            for collection, key_field in CHAINED_COLLECTIONS.items():
                if collection in present:
                    report = await Chain(collection, database[collection], key_field).verify()
                    findings.append(ChainFinding(name, collection, report))
    finally:
        await client.close()
    return findings


async def audit_entries(
    mongo_uri: str, databases: Iterable[str], tenant_id: str, query: AuditQuery
) -> list[dict[str, Any]]:
    """The tenant's entries in every named database, newest first, at most `query.limit` in all."""
    found: list[dict[str, Any]] = []
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        mongo_uri, tz_aware=True, serverSelectionTimeoutMS=5000
    )
    try:
        for name in databases:
            found.extend(await AuditTrail(client[name][AUDIT_TRAIL], service=name).find(tenant_id, query))
    finally:
        await client.close()
    found.sort(key=lambda document: (document["at"], document["seq"]), reverse=True)
    return found[: query.limit]
