"""Every signed-in request goes into the service's audit trail before its response leaves; GET /audit reads it.

The record is written when the response starts, so its outcome is the status the caller gets. If it cannot be
written, the caller gets 503 instead of the answer: a read of PHI nobody could trace later is not served.
(A command may already be published by then; its own record is then missing, and the client retries with the
same Idempotency-Key, which applies it once and records the retry.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import uuid4

import structlog
from fastapi import APIRouter, Query
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rcm_platform.audit.trail import MAX_QUERY_LIMIT, AuditQuery, AuditRecord, AuditTrail
from rcm_platform.auth.principal import Caller
from rcm_platform.http import TenantId

log = structlog.get_logger("rcm.audit")
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def http_record(scope: Scope, caller: Caller, status: int, at: datetime) -> AuditRecord:
    route = scope.get("route")
    template = route.path if isinstance(route, APIRoute) else "(no route)"
    why = (route.summary or route.name.replace("_", " ")) if isinstance(route, APIRoute) else ""
    method = scope.get("method", "")
    params = scope.get("path_params") or {}
    return AuditRecord(
        audit_id=uuid4().hex,
        at=at,
        actor=caller.subject,
        role=caller.role.value,
        action=f"{'GET' if method == 'HEAD' else method} {template}",
        why=why,
        outcome=str(status),
        source="http",
        target={str(name): str(value) for name, value in params.items()},
    )


class AuditRequests:
    """Pure ASGI (no response buffering): holds back only the response start until its record is written."""

    def __init__(self, app: ASGIApp, trail: AuditTrail, clock: Clock = _utc_now) -> None:
        self.app = app
        self.trail = trail
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = False

        async def send_recorded(message: Message) -> None:
            nonlocal refused
            if refused:
                return  # the answer's body: the caller got 503 instead
            if message["type"] == "http.response.start":
                caller = (scope.get("state") or {}).get("caller")
                if isinstance(caller, Caller) and not await self._recorded(scope, caller, message["status"]):
                    refused = True
                    await _send_unavailable(send)
                    return
            await send(message)

        await self.app(scope, receive, send_recorded)

    async def _recorded(self, scope: Scope, caller: Caller, status: int) -> bool:
        record = http_record(scope, caller, status, self.clock())
        try:
            await self.trail.record(caller.tenant_id, [record])
        except Exception as error:
            log.error(
                "audit record not written; answer withheld", action=record.action, error=type(error).__name__
            )
            return False
        return True


async def _send_unavailable(send: Send) -> None:
    body = b'{"detail":"the audit trail cannot be written now; retry the request"}'
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class AuditEntryView(BaseModel):
    audit_id: str
    seq: int
    at: datetime
    service: str
    actor: str
    role: str
    action: str
    why: str
    outcome: str
    source: str
    target: dict[str, str]
    cause: str | None = None


def _view(document: dict[str, Any]) -> AuditEntryView:
    return AuditEntryView.model_validate(document)


def audit_router(trail: AuditTrail) -> APIRouter:
    router = APIRouter(tags=["audit"])

    @router.get("/audit", response_model=list[AuditEntryView], summary="Read the audit trail")
    async def read_audit_trail(
        tenant_id: TenantId,
        actor: Annotated[str | None, Query(max_length=200, description="a token subject")] = None,
        action: Annotated[
            str | None, Query(max_length=200, description="e.g. 'GET /patients/{patient_id}'")
        ] = None,
        target_id: Annotated[
            str | None, Query(max_length=200, description="a record id the entry names")
        ] = None,
        since: Annotated[datetime | None, Query(description="from this moment (inclusive)")] = None,
        until: Annotated[datetime | None, Query(description="before this moment")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_QUERY_LIMIT)] = 100,
    ) -> list[AuditEntryView]:
        """The tenant's entries of this service, newest first. Reading the trail is itself recorded."""
        query = AuditQuery(actor, action, target_id, since, until, limit)
        return [_view(document) for document in await trail.find(tenant_id, query)]

    return router
