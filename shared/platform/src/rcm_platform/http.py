"""The HTTP edge every service shares: who the tenant is, the Idempotency-Key, command ids, and the 422 shape.

Routes declare `tenant_id: TenantId` (the token's tenant, see rcm_platform.auth.access), `caller: ActingCaller`
when they need the actor (the token's subject: never a request field) and `idempotency_key: IdempotencyKey = None`.
Every 422 has one shape,
`{"detail": [{"type", "loc", "msg"}]}`, whether pydantic or a domain rule found the problem, and never echoes
the input (it may be PHI).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID, uuid5

import structlog
from aiokafka.errors import KafkaError
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pymongo.errors import PyMongoError
from rcm_schemas import Event

from rcm_platform.auth.access import TENANT_HEADER as TENANT_HEADER
from rcm_platform.auth.access import acting_caller, acting_tenant
from rcm_platform.auth.principal import Caller
from rcm_platform.outages import broker_unavailable, store_unavailable

log = structlog.get_logger("rcm.http")

MAX_PAGE_OFFSET = 1_000_000
"""Past this a list is searched, not paged: the bound also keeps the number inside what the store takes (int64)."""
MAX_PAGE_LIMIT = 500
PageOffset = Annotated[int, Query(ge=0, le=MAX_PAGE_OFFSET, description="records to skip")]
PageLimit = Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT, description="records per page")]

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY_LENGTH = 200

TenantId = Annotated[str, Depends(acting_tenant)]
"""The clinic or billing organisation this request acts for: one of the token's tenants."""
ActingCaller = Annotated[Caller, Depends(acting_caller)]
"""The verified caller: `caller.subject` is the actor recorded on commands."""
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_HEADER,
        min_length=1,
        max_length=MAX_IDEMPOTENCY_KEY_LENGTH,
        description="A retried request with the same key is applied once and answers the same.",
    ),
]

_IDEMPOTENT_IDS = UUID("5f0c2a52-8d5e-4a53-9a0e-6c1d3b7c4e21")


def idempotent_id(tenant_id: str, scope: str, idempotency_key: str) -> UUID:
    """The one rule from an Idempotency-Key to an id: same tenant, scope and key, same id.

    `scope` names what the key is for (a command type and its aggregate, a kind of record), so one key
    reused for two different things does not collide.
    """
    return uuid5(_IDEMPOTENT_IDS, f"{tenant_id}\x1f{scope}\x1f{idempotency_key}")


def command_id(tenant_id: str, command: Event, idempotency_key: str | None) -> UUID | None:
    """The event id of a command sent from HTTP; None (a fresh id) when the caller gave no key."""
    if idempotency_key is None:
        return None
    scope = f"{command.EVENT_TYPE}/{command.partition_key_value()}"
    return idempotent_id(tenant_id, scope, idempotency_key)


class CommandAccepted(BaseModel):
    """202: the command is on its way to the aggregate's owner, which applies it once, in order."""

    command_id: str
    aggregate_id: str


class Problem(BaseModel):
    """One entry of a 422's `detail`: where (`loc`, e.g. ["body", "lines", 0, "units"]), what and its kind."""

    type: str
    loc: list[str | int]
    msg: str


class Unprocessable(BaseModel):
    detail: list[Problem]


@dataclass(frozen=True)
class FieldProblem:
    """A problem a domain rule found, raised through `unprocessable` in the same shape as pydantic's."""

    loc: Sequence[str | int]
    msg: str
    type: str = "value_error"


def unprocessable(problems: Iterable[FieldProblem]) -> RequestValidationError:
    """Raise this in a route: the 422 looks exactly like one from request validation."""
    return RequestValidationError(
        [{"type": p.type, "loc": list(p.loc), "msg": p.msg, "input": None} for p in problems]
    )


_MESSAGES_QUOTING_INPUT = {"uuid_parsing": "Input should be a valid UUID"}
"""pydantic messages that quote a piece of the input: replaced by the rule alone."""
MAX_MESSAGE_LENGTH = 300


def _texts_in(value: Any) -> list[str]:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts_in(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts_in(item)]
    return []


def _without_input(message: str, sent: Any) -> str:
    """A validator's message may quote the value (a custom one, or a library's): cut it out, longest first."""
    for text in sorted(_texts_in(sent), key=len, reverse=True):
        if len(text) >= 3 and text in message:
            message = message.replace(text, "[value]")
    return message[:MAX_MESSAGE_LENGTH]


def problem_of(error: dict[str, Any]) -> Problem:
    kind = str(error.get("type", "value_error"))
    message = _MESSAGES_QUOTING_INPUT.get(kind) or str(error["msg"])
    return Problem(type=kind, loc=list(error.get("loc", ())), msg=_without_input(message, error.get("input")))


async def _validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    body = Unprocessable(detail=[problem_of(e) for e in error.errors()])
    return JSONResponse(body.model_dump(), status_code=422)


def unavailable(what: str, retry_after_s: int = 2) -> JSONResponse:
    return JSONResponse(
        {"detail": f"{what} is unavailable; retry the request (same Idempotency-Key)"},
        status_code=503,
        headers={"Retry-After": str(retry_after_s)},
    )


async def _store_or_raise(_: Request, error: Exception) -> JSONResponse:
    """The store down, unreachable or briefly locked is the client's cue to retry, not a server fault."""
    if store_unavailable(error):
        log.warning("store unavailable for a request", error=type(error).__name__)
        return unavailable("the store")
    return await _unexpected(_, error)


async def _broker_or_raise(request: Request, error: Exception) -> JSONResponse:
    if broker_unavailable(error):
        log.warning("broker unavailable for a request", error=type(error).__name__)
        return unavailable("the event broker")
    return await _unexpected(request, error)


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    """A 500 is logged once, with its stack trace (types and frames: rcm_platform.log_redaction) and route."""
    route = request.scope.get("route")
    log.error(
        "unhandled error",
        method=request.method,
        route=getattr(route, "path", "?"),
        error=type(error).__name__,
        exc_info=error,
    )
    return JSONResponse({"detail": "internal error; it has been logged"}, status_code=500)


class _AlreadyLogged(logging.Filter):
    """uvicorn logs every 500 again with the exception's text; ours has the route and no message (PHI)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Exception in ASGI application")


def install_http_edge(app: FastAPI) -> None:
    """One 422 shape for every route of the app (pydantic's own and the domain's); 503 when the store or the
    broker is away; every other error a logged 500."""
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(PyMongoError, _store_or_raise)
    app.add_exception_handler(KafkaError, _broker_or_raise)
    app.add_exception_handler(Exception, _unexpected)
    uvicorn_errors = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _AlreadyLogged) for f in uvicorn_errors.filters):
        uvicorn_errors.addFilter(_AlreadyLogged())
