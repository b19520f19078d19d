"""The request deadline answers 503 in time and lets the request's work run to its end (cancelling it could
stop a route between a write and the publish of its events); a route's own timeout is still its own error."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from rcm_platform.http_limits import RequestDeadline


def _app(finished: list[str]) -> FastAPI:
    app = FastAPI()

    @app.post("/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(0.5)
        finished.append("written and published")
        return {"ok": "late"}

    @app.post("/fast")
    async def fast() -> dict[str, str]:
        return {"ok": "now"}

    @app.post("/own-timeout")
    async def own_timeout() -> dict[str, str]:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(1)
        return {}

    return app


async def test_a_late_request_is_answered_503_and_its_work_still_finishes() -> None:
    finished: list[str] = []
    deadline = RequestDeadline(_app(finished), seconds=0.1)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=deadline), base_url="http://t") as client:
        late = await client.post("/slow")
        assert late.status_code == 503 and late.headers["retry-after"] == "2"
        assert finished == [] and len(deadline.in_flight) == 1
        await asyncio.sleep(0.7)
        assert finished == ["written and published"], "the work was cancelled with the answer"
        assert not deadline.in_flight
        assert (await client.post("/fast")).json() == {"ok": "now"}


async def test_a_routes_own_timeout_is_not_taken_for_the_deadline() -> None:
    deadline = RequestDeadline(_app([]), seconds=5)
    transport = httpx.ASGITransport(app=deadline, raise_app_exceptions=True)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        with pytest.raises(TimeoutError):
            await client.post("/own-timeout")
