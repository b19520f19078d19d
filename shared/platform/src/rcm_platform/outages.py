"""What a service does while the broker or the store is away: tell it from a bad event, wait with a capped
backoff, and say so in the log once per interval (with a count) instead of once per attempt.

An outage is not the event's fault: waiting for it spends none of the event's attempts, so nothing reaches a
DLQ only because Kafka or FerretDB restarted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiokafka.errors import KafkaConnectionError, KafkaError, KafkaTimeoutError
from pymongo.errors import ConnectionFailure, OperationFailure

T = TypeVar("T")

STORE_BUSY_MARKERS = ("database is locked", "SQLITE_BUSY")


def store_unavailable(error: BaseException) -> bool:
    """The store is down, unreachable or briefly locked (FerretDB on SQLite answers "database is locked")."""
    if isinstance(error, ConnectionFailure):  # includes server selection and network timeouts
        return True
    return isinstance(error, OperationFailure) and any(m in str(error) for m in STORE_BUSY_MARKERS)


def broker_unavailable(error: BaseException) -> bool:
    """The broker is down or electing leaders: aiokafka marks such errors retriable."""
    if isinstance(error, KafkaConnectionError | KafkaTimeoutError):
        return True
    return isinstance(error, KafkaError) and bool(getattr(error, "retriable", False))


def infrastructure_unavailable(error: BaseException) -> bool:
    return store_unavailable(error) or broker_unavailable(error)


@dataclass(frozen=True)
class Backoff:
    """Doubling delays from `base_s`, never more than `cap_s`: a long outage costs one wake-up per `cap_s`."""

    base_s: float
    cap_s: float

    def delay(self, attempt: int) -> float:
        doubled: float = self.base_s * 2 ** min(max(attempt - 1, 0), 30)
        return min(self.cap_s, doubled)


@dataclass
class OncePerInterval:
    """Lets one line per key through per interval; the next one carries how many were held back."""

    interval_s: float = 30.0
    _last: dict[str, float] = field(default_factory=dict)
    _held: dict[str, int] = field(default_factory=dict)

    def admit(self, key: str, now: float | None = None) -> int | None:
        """None: hold this line back. Otherwise log it, with the number held back since the last one."""
        now = time.monotonic() if now is None else now
        last = self._last.get(key)
        if last is not None and now - last < self.interval_s:
            self._held[key] = self._held.get(key, 0) + 1
            return None
        self._last[key] = now
        return self._held.pop(key, 0)


async def until_available(
    step: Callable[[], Awaitable[T]],
    *,
    what: str,
    wait_s: float,
    backoff: Backoff = Backoff(base_s=0.5, cap_s=5.0),
    log: Any = None,
) -> T:
    """Run `step` again while the broker or the store is unavailable, for at most `wait_s` (then the last error
    is raised); one log line per wait, with the attempt count. Any other error is raised at once."""
    deadline = time.monotonic() + wait_s
    attempt = 0
    while True:
        try:
            return await step()
        except Exception as error:
            attempt += 1
            if not infrastructure_unavailable(error) or time.monotonic() >= deadline:
                raise
            delay = min(backoff.delay(attempt), max(deadline - time.monotonic(), 0.0))
            if log is not None:
                log.warning(
                    "store or broker unavailable, waiting",
                    step=what,
                    error=type(error).__name__,
                    attempts=attempt,
                    retry_in_s=round(delay, 1),
                )
            await asyncio.sleep(delay)


CLIENT_LOGGERS = ("aiokafka", "kafka", "pymongo", "faststream", "asyncio")
"""The loggers of the clients that retry on their own (and say so on every try)."""


class RepeatedLinesFilter(logging.Filter):
    """For the clients' own loggers (aiokafka, pymongo): a reconnect loop writes the same warning thousands of
    times a minute while the broker is down. One line per (logger, message template) per interval goes through,
    with `repeated=N` appended for the lines held back."""

    def __init__(self, interval_s: float = 30.0, loggers: tuple[str, ...] = CLIENT_LOGGERS) -> None:
        super().__init__()
        self.gate = OncePerInterval(interval_s)
        self.loggers = loggers

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.CRITICAL or not record.name.startswith(self.loggers):
            return True
        held = self.gate.admit(f"{record.name}\x1f{record.msg}")
        if held is None:
            return False
        if held:
            record.msg = f"{record.msg} (and {held} more like it in the last interval)"
        return True
