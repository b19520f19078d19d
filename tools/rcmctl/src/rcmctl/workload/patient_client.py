"""How the workload's people send a request: as a careful client would, through outages.

A 503 (the store or broker is away, a deadline passed) or a connection that fails (a service restarting) is
retried with the same Idempotency-Key, so the retry is applied once; the wait doubles to a cap, for at most
RETRY_FOR_S in all. Anything else is the answer.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

RETRY_FOR_S = 120.0
MAX_WAIT_S = 4.0


async def send_until_answered(
    client: httpx.AsyncClient, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    give_up_at = time.monotonic() + RETRY_FOR_S
    wait = 0.2
    while True:
        try:
            response = await client.request(method, url, **kwargs)
            if response.status_code != 503 or time.monotonic() >= give_up_at:
                return response
        except httpx.TransportError:
            if time.monotonic() >= give_up_at:
                raise
        await asyncio.sleep(wait)
        wait = min(MAX_WAIT_S, wait * 2)
