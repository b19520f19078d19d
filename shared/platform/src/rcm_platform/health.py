"""/health/live, /health/ready (broker and store answer now) and /metrics for one service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from rcm_platform.metrics import ServiceMetrics

Probe = Callable[[], Awaitable[bool]]


class Liveness(BaseModel):
    service: str
    status: Literal["live"]


class Readiness(BaseModel):
    service: str
    status: Literal["ready", "unready"]
    checks: dict[str, Literal["ok", "failing"]]
    integrity: dict[str, str] = {}
    """The last self-check of each hash chain ("intact: ..." or "broken: <first bad record>"); not a readiness
    condition: a broken chain is an alarm, and the service keeps serving."""


PROBE_TIMEOUT_S = 2.0


async def _probe(check: Probe) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout=PROBE_TIMEOUT_S)
    except Exception:
        return False


def health_router(
    service: str,
    probes: dict[str, Probe],
    metrics: ServiceMetrics,
    integrity: Callable[[], dict[str, str]] = dict,
) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health/live", response_model=Liveness)
    async def live() -> Liveness:
        return Liveness(service=service, status="live")

    @router.get("/health/ready", response_model=Readiness, responses={503: {"model": Readiness}})
    async def ready() -> JSONResponse:
        results = dict(zip(probes, await asyncio.gather(*(_probe(p) for p in probes.values())), strict=True))
        ok = all(results.values())
        body = Readiness(
            service=service,
            status="ready" if ok else "unready",
            checks={name: "ok" if passed else "failing" for name, passed in results.items()},
            integrity=integrity(),
        )
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    @router.get("/metrics", response_class=PlainTextResponse)
    async def metrics_endpoint() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return router
