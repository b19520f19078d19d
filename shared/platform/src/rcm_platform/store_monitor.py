"""Time spent in the store, per command, collection and lookup kind, for /metrics and `rcm bench`.

On FerretDB's SQLite backend (with our patches) a filter holding an `_id` equality is an indexed lookup,
whatever else it holds; any other filter scans the collection. Labelling each command "by_id" or "scan" shows
at a glance which queries cost the most.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bson import ObjectId
from prometheus_client import Histogram
from pymongo import monitoring

FILTER_FIELD = {
    "find": "filter",
    "update": "updates",
    "delete": "deletes",
    "count": "query",
    "aggregate": None,
}
_STORE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0)


def lookup_kind(command_name: str, command: Mapping[str, Any]) -> str:
    """'by_id' when every filter of the command holds {_id: <string or ObjectId>}, 'scan' when one does not,
    else '-'."""
    if command_name not in FILTER_FIELD:
        return "-"
    if command_name == "aggregate":
        return "scan"
    value = command.get(FILTER_FIELD[command_name] or "")
    filters = [item.get("q", {}) for item in value] if isinstance(value, list) else [value or {}]
    return "by_id" if all(_is_id_lookup(f) for f in filters) else "scan"


def _is_id_lookup(query: Any) -> bool:
    # The patched backend narrows by the index for these two types only (a number or a document scans).
    return isinstance(query, dict) and isinstance(query.get("_id"), str | ObjectId)


class StoreCommandMonitor(monitoring.CommandListener):
    """A PyMongo command listener feeding one histogram; registered on the service's client."""

    def __init__(self, histogram: Histogram) -> None:
        self._histogram = histogram
        self._started: dict[int, tuple[str, str, str]] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        name = event.command_name
        collection = event.command.get(name)
        self._started[event.request_id] = (
            name,
            collection if isinstance(collection, str) else "-",
            lookup_kind(name, event.command),
        )

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._observe(event.request_id, event.duration_micros)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._observe(event.request_id, event.duration_micros)

    def _observe(self, request_id: int, duration_micros: int) -> None:
        labels = self._started.pop(request_id, None)
        if labels is None:
            return
        command, collection, lookup = labels
        self._histogram.labels(command=command, collection=collection, lookup=lookup).observe(
            duration_micros / 1_000_000
        )


def store_histogram(registry: Any) -> Histogram:
    return Histogram(
        "rcm_store_command_seconds",
        "Store round trips, by command, collection and lookup kind (by_id is indexed on FerretDB; scan is not)",
        ["command", "collection", "lookup"],
        registry=registry,
        buckets=_STORE_BUCKETS,
    )
