"""`rcm bench` ranks where the time went from the services' /metrics text."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from rcm_platform.store_monitor import store_histogram
from rcmctl.bench_profile import per_encounter, store_operations, time_by_label


def test_store_time_is_summed_per_label_set_and_ranked_largest_first() -> None:
    registry = CollectorRegistry()
    histogram = store_histogram(registry)
    for seconds in (0.010, 0.030):
        histogram.labels(command="find", collection="submissions", lookup="scan").observe(seconds)
    histogram.labels(command="find", collection="claims", lookup="by_id").observe(0.002)
    text = generate_latest(registry).decode()

    ranked = time_by_label(text, "rcm_store_command_seconds", ["command", "collection", "lookup"])

    assert ranked[0] == {
        "command": "find",
        "collection": "submissions",
        "lookup": "scan",
        "seconds": 0.04,
        "count": 2,
        "mean_ms": 20.0,
    }
    assert ranked[1]["collection"] == "claims" and ranked[1]["count"] == 1


def test_store_operations_are_counted_per_command_and_divided_per_settled_encounter() -> None:
    registry = CollectorRegistry()
    histogram = store_histogram(registry)
    for collection in ("claims", "submissions", "claims"):
        histogram.labels(command="find", collection=collection, lookup="by_id").observe(0.001)
    histogram.labels(command="update", collection="claims", lookup="by_id").observe(0.001)
    text = generate_latest(registry).decode()

    counted = store_operations(text)
    assert counted == {"find": 3, "update": 1}
    cost = per_encounter({"claims-0": {"store_operations": counted}}, {"claims-0": 2.0, "ferretdb": 5.0}, 2)
    # 4 operations and 2.0 + 5.0 CPU seconds over 2 settled encounters
    assert cost == {"store_operations": {"claims-0": 2.0}, "cpu_ms": {"claims-0": 1000.0, "ferretdb": 2500.0}}
