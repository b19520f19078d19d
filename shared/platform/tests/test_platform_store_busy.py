"""A store briefly locked under concurrent writes answers 503 with Retry-After, so clients retry safely."""

from __future__ import annotations

import httpx
from probe_service import ProbeSettings, build_probe
from pymongo.errors import OperationFailure
from rcm_platform.auth import Role, roles
from rcm_platform.testing.auth import headers_for_tenant


async def test_a_locked_store_is_a_503_with_retry_after() -> None:
    service = build_probe(ProbeSettings())

    @service.http.get("/locked")
    async def locked() -> None:
        raise OperationFailure("database is locked (5) (SQLITE_BUSY)", code=1)

    service.allow({"GET /locked": roles(Role.system)})

    transport = httpx.ASGITransport(app=service.http, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:
        response = await client.get("/locked", headers=headers_for_tenant("clinic-a"))
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
