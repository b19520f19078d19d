"""The signing keys tokens are checked against: a JWKS from a file or a URL, cached, re-read on an unknown `kid`.

Re-reading is rate-limited, so a stream of tokens with made-up key ids cannot hammer the identity provider.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
import jwt

REFRESH_AT_MOST_EVERY_S = 10.0
FETCH_TIMEOUT_S = 5.0


class UnknownSigningKey(Exception):
    """The token names a key the JWKS does not hold (after one refresh)."""


class JwksKeys:
    """Public keys by `kid`, from `source`: an http(s) URL or a file path."""

    def __init__(self, source: str) -> None:
        if not source:
            raise ValueError("no JWKS configured: set RCM_AUTH_JWKS to a JWKS file or URL")
        self.source = source
        self._keys: dict[str, jwt.PyJWK] = {}
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> jwt.PyJWK:
        if kid in self._keys:
            return self._keys[kid]
        async with self._lock:
            if kid not in self._keys and time.monotonic() - self._loaded_at >= REFRESH_AT_MOST_EVERY_S:
                self._keys = _by_kid(await self._read())
                self._loaded_at = time.monotonic()
        if kid not in self._keys:
            raise UnknownSigningKey(kid)
        return self._keys[kid]

    async def _read(self) -> dict[str, Any]:
        if self.source.startswith(("https://", "http://")):
            async with httpx.AsyncClient(timeout=FETCH_TIMEOUT_S) as client:
                response = await client.get(self.source)
                response.raise_for_status()
                document: dict[str, Any] = response.json()
                return document
        return dict(json.loads(await asyncio.to_thread(Path(self.source).read_text)))


def _by_kid(document: dict[str, Any]) -> dict[str, jwt.PyJWK]:
    keys: dict[str, jwt.PyJWK] = {}
    for jwk in jwt.PyJWKSet.from_dict(document).keys:
        if jwk.key_id:
            keys[jwk.key_id] = jwk
    return keys
