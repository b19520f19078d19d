"""The request headers every route reads: the caller's tenant, and the idempotency key of a create."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

# The tenant names whose records a caller sees; real authentication will set it from a token later.
TenantHeader = Annotated[str, Header(alias="X-Tenant-Id", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
IdempotencyHeader = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)]
RequestedByHeader = Annotated[str, Header(alias="X-Requested-By", min_length=1, max_length=100)]
