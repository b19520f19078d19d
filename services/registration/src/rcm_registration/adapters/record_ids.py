"""Ids the service assigns to the records it creates, derived from the Idempotency-Key when there is one.

The kit's `idempotent_id` is the one rule from a key to an id: the same tenant, kind and key always give the
same id, so a retried create lands on the same document (a unique insert) instead of creating a second
record; without a key every create gets a fresh random id. Ids read `<kind>-<32 hex digits>`.
"""

from __future__ import annotations

import uuid

from rcm_platform.http import idempotent_id


def record_id(kind: str, *, tenant_id: str, idempotency_key: str | None) -> str:
    if idempotency_key is None:
        return f"{kind}-{uuid.uuid4().hex}"
    return f"{kind}-{idempotent_id(tenant_id, kind, idempotency_key).hex}"


class IdempotentRecordIds:
    """The RecordIds port over `record_id`."""

    def record_id(self, kind: str, *, tenant_id: str, idempotency_key: str | None) -> str:
        return record_id(kind, tenant_id=tenant_id, idempotency_key=idempotency_key)
