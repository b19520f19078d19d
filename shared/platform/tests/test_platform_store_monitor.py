"""The store monitor labels each command by whether FerretDB can answer it from the _id index."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from prometheus_client import CollectorRegistry
from rcm_platform.store_monitor import StoreCommandMonitor, lookup_kind, store_histogram


def test_filters_with_an_id_equality_are_lookups_and_anything_else_is_a_scan() -> None:
    assert lookup_kind("find", {"find": "claims", "filter": {"_id": "c-1"}}) == "by_id"
    assert lookup_kind("find", {"find": "claims", "filter": {"_id": "c-1", "_processed": "e"}}) == "by_id"
    assert lookup_kind("find", {"find": "claims", "filter": {"status": "open"}}) == "scan"
    assert lookup_kind("find", {"find": "claims", "filter": {"_id": {"$in": ["a", "b"]}}}) == "scan"
    assert lookup_kind("find", {"find": "claims", "filter": {}}) == "scan"
    assert lookup_kind("update", {"update": "claims", "updates": [{"q": {"_id": "a"}, "u": {}}]}) == "by_id"
    assert lookup_kind("delete", {"delete": "claims", "deletes": [{"q": {"tenant_id": "t"}}]}) == "scan"
    assert lookup_kind("aggregate", {"aggregate": "claims", "pipeline": []}) == "scan"
    assert lookup_kind("insert", {"insert": "claims", "documents": []}) == "-"


def test_each_finished_command_is_observed_once_under_its_labels() -> None:
    registry = CollectorRegistry()
    monitor = StoreCommandMonitor(store_histogram(registry))
    command: dict[str, Any] = {"find": "claims", "filter": {"_id": "c-1"}}
    monitor.started(SimpleNamespace(command_name="find", command=command, request_id=1))  # type: ignore[arg-type]
    monitor.succeeded(SimpleNamespace(request_id=1, duration_micros=2500))  # type: ignore[arg-type]
    monitor.succeeded(SimpleNamespace(request_id=1, duration_micros=2500))  # type: ignore[arg-type]
    labels = {"command": "find", "collection": "claims", "lookup": "by_id"}
    assert registry.get_sample_value("rcm_store_command_seconds_count", labels) == 1
    assert registry.get_sample_value("rcm_store_command_seconds_sum", labels) == 0.0025
