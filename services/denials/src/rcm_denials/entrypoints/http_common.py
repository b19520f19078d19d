"""What every denials route shares: the tenant header, the idempotency key, claim ids in paths."""

from __future__ import annotations

from typing import Annotated
from uuid import NAMESPACE_URL, UUID, uuid5

from fastapi import Header, Path

TENANT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
CLAIM_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,37}$"

TenantHeader = Annotated[str, Header(alias="X-Tenant-Id", pattern=TENANT_PATTERN)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)]
ClaimPath = Annotated[str, Path(pattern=CLAIM_PATTERN)]


def command_id_for(tenant_id: str, route: str, key: str | None) -> UUID | None:
    """A retried request with the same key gets the same command id, which the case applies only once."""
    if key is None:
        return None
    return uuid5(NAMESPACE_URL, f"rcm-denials:{tenant_id}:{route}:{key}")
