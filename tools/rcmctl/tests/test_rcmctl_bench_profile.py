"""`rcm bench` ranks where the time went from the services' /metrics text."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from rcm_platform.store_monitor import store_histogram
from rcmctl.bench_profile import time_by_label


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
