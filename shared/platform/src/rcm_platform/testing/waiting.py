"""Waiting in tests for something an asynchronous pipeline will do, with a deadline instead of a sleep."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


async def wait_for(
    predicate: Callable[[], Awaitable[bool]], timeout_s: float = 30.0, *, what: str = "condition"
) -> None:
    """Poll `predicate` every 0.1 s until it is true; fail the test naming `what` after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{what} not reached in {timeout_s:.0f} s")
