"""Limits every request meets before a route runs: a body size and a deadline (pure ASGI, outermost).

Body size: past the limit the answer is 413, before the body is read when Content-Length says so, and as soon
as the limit is crossed otherwise: a 50 MB note never reaches a parser or comes back in an error.
Deadline: a request still unanswered after it gets 503 with Retry-After (the broker or the store is away), so a
caller waits seconds, not minutes, and retries with the same Idempotency-Key. The request's work is not cancelled:
it runs to its end (its writes and their events), and the retry finds what it stored.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger("rcm.http")


class _BodyTooLarge(Exception):
    pass


async def send_json(
    send: Send, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    payload = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


def too_large_body(limit: int) -> dict[str, Any]:
    return {
        "detail": [
            {"type": "too_large", "loc": ["body"], "msg": f"the body is over the limit of {limit} bytes"}
        ]
    }


class _TrackedSend:
    """`send`, remembering whether the response has started (after that, no other answer can be sent)."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        self.started = self.started or message["type"] == "http.response.start"
        await self.send(message)


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await send_json(send, 413, too_large_body(self.max_bytes))
            return
        received = 0
        tracked = _TrackedSend(send)

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted_receive, tracked)
        except _BodyTooLarge:
            if not tracked.started:
                await send_json(send, 413, too_large_body(self.max_bytes))


class RequestDeadline:
    """A request unanswered after `seconds` is answered 503; its work is not cancelled but runs to its end,
    and only its own answer is dropped. Cancelling it could stop a route between a write and the publish of
    that write's events (a batch of encounters publishes at its end), leaving the events in a document until
    the service restarts, while the caller's retry (same key) finds the record already stored."""

    def __init__(self, app: ASGIApp, *, seconds: float, retry_after_s: int = 2) -> None:
        self.app = app
        self.seconds = seconds
        self.retry_after = str(retry_after_s)
        self.in_flight: set[asyncio.Future[None]] = set()
        """Every request's work until it ends, answered 503 or not (a running task must stay referenced)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked = _TrackedSend(send)
        answered_late = False

        async def send_unless_answered(message: Message) -> None:
            if not answered_late:  # after the 503, the route's own answer has no one to go to
                await tracked(message)

        work = asyncio.ensure_future(self.app(scope, receive, send_unless_answered))
        self.in_flight.add(work)
        work.add_done_callback(self.in_flight.discard)
        try:
            await asyncio.wait_for(asyncio.shield(work), self.seconds)
            return
        except TimeoutError:
            if work.done():  # the route's own timeout (raised again here), or it ended just in time
                work.result()
                return
        if tracked.started:  # the answer is on its way: let it finish
            await work
            return
        answered_late = True
        log.warning(
            "request passed its deadline",
            method=scope.get("method"),
            path=scope.get("path"),
            deadline_s=self.seconds,
        )
        work.add_done_callback(self._finished_late)
        await send_json(
            send,
            503,
            {"detail": "the service could not answer in time (broker or store unavailable); retry"},
            {"Retry-After": self.retry_after},
        )

    def _finished_late(self, work: asyncio.Future[None]) -> None:
        if not work.cancelled() and work.exception() is not None:
            error = work.exception()
            log.warning("request finished with an error after its deadline", error=type(error).__name__)
