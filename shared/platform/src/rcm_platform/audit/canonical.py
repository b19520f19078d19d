"""The canonical content of a chained record and its hash: what the chain protects, byte for byte.

Sorted-key JSON, no spaces. Money is integer cents (a Decimal or a float is refused: their text is not one
value). Datetimes are UTC milliseconds, the precision the store keeps, so a record read back hashes the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64
"""The `prev_hash` of a chain's first link."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        # Whole milliseconds since the epoch: what BSON stores, and what a naive or aware client reads back.
        return {"$ms": (moment - _EPOCH) // _ONE_MS}
    if isinstance(value, Decimal | float):
        raise TypeError("chained records hold money as integer cents, not Decimal or float")
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def canonical_json(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(_plain(fields), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical content; `fields` include seq and prev_hash, so position and order are hashed."""
    return hashlib.sha256(canonical_json(fields)).hexdigest()
