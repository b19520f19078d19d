"""Ids the service assigns to the records it creates, derived from the Idempotency-Key when there is one.

The same tenant and key always give the same id, so a retried create lands on the same document (a unique
insert) instead of creating a second record; without a key every create gets a fresh random id.
"""

from __future__ import annotations

import hashlib
import uuid

WORK_ITEM_PREFIX = "wi-"


def record_id(kind: str, *, tenant_id: str, idempotency_key: str | None) -> str:
    if idempotency_key is None:
        return f"{kind}-{uuid.uuid4().hex}"
    digest = hashlib.sha256(f"{kind}\x1f{tenant_id}\x1f{idempotency_key}".encode()).hexdigest()
    return f"{kind}-{digest[:32]}"


def work_item_id_for(encounter_id: str) -> str:
    # One work item per encounter at most, so its id names the encounter: found again by an _id lookup.
    return WORK_ITEM_PREFIX + encounter_id


def encounter_id_of(work_item_id: str) -> str | None:
    if not work_item_id.startswith(WORK_ITEM_PREFIX):
        return None
    return work_item_id.removeprefix(WORK_ITEM_PREFIX) or None
