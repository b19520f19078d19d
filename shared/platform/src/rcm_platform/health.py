"""/health/live, /health/ready (broker and store answer now) and /metrics for one service."""

from __future__ import annotations

import asyncio
import os
import socket
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
    instance: str
    """Which process answered: RCM_INSTANCE_ID when its launcher set one, else "<host>-<pid>"."""
    pid: int


class Readiness(BaseModel):
    service: str
    status: Literal["ready", "unready"]
    instance: str
    pid: int
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


def instance_id() -> str:
    """A launcher (rcm run, a fleet, an orchestrator) names each process it starts, to know it is the one that
    answers on its port and not somebody else's service."""
    return os.environ.get("RCM_INSTANCE_ID") or f"{socket.gethostname()}-{os.getpid()}"


def health_router(
    service: str,
    probes: dict[str, Probe],
    metrics: ServiceMetrics,
    integrity: Callable[[], dict[str, str]] = dict,
) -> APIRouter:
    router = APIRouter(tags=["health"])
    instance = instance_id()

    @router.get("/health/live", response_model=Liveness)
    async def live() -> Liveness:
        return Liveness(service=service, status="live", instance=instance, pid=os.getpid())

    @router.get("/health/ready", response_model=Readiness, responses={503: {"model": Readiness}})
    async def ready() -> JSONResponse:
        results = dict(zip(probes, await asyncio.gather(*(_probe(p) for p in probes.values())), strict=True))
        ok = all(results.values())
        body = Readiness(
            service=service,
            status="ready" if ok else "unready",
            instance=instance,
            pid=os.getpid(),
            checks={name: "ok" if passed else "failing" for name, passed in results.items()},
            integrity=integrity(),
        )
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    @router.get("/metrics", response_class=PlainTextResponse)
    async def metrics_endpoint() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return router
