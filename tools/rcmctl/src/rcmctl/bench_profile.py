"""Where the benchmark's time went: CPU of the stack and the services, store round trips and handler time.

Read at the end of a run from each service's /metrics (rcm_store_command_seconds, rcm_handler_seconds) and from
the stack's own processes, so the report says which component and which queries the time was spent in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx
import psutil
from prometheus_client.parser import text_string_to_metric_families
from rcm_platform.localstack import LocalStack
from rcm_platform.localstack.ferretdb import PROCESS_MARKER as FERRETDB_MARKER
from rcm_platform.localstack.kafka import PROCESS_MARKER as KAFKA_MARKER
from rcm_platform.localstack.processes import running_pid


@dataclass
class StackCpu:
    """CPU seconds of the broker and the store, read at the start and the end of the run."""

    stack: LocalStack
    start: dict[str, float]

    @classmethod
    def begin(cls, stack: LocalStack) -> StackCpu:
        return cls(stack, _stack_cpu(stack))

    def spent(self) -> dict[str, float]:
        now = _stack_cpu(self.stack)
        return {name: round(now[name] - self.start.get(name, 0.0), 2) for name in now}


def _stack_cpu(stack: LocalStack) -> dict[str, float]:
    found = {}
    for name, pid_file, marker in (
        ("kafka", stack.kafka_pid_file, KAFKA_MARKER),
        ("ferretdb", stack.ferretdb_pid_file, FERRETDB_MARKER),
    ):
        pid = running_pid(pid_file, marker)
        if pid is not None:
            times = psutil.Process(pid).cpu_times()
            found[name] = times.user + times.system
    return found


def time_by_label(
    metrics_text: str, metric: str, labels: Iterable[str], *, top: int = 6
) -> list[dict[str, object]]:
    """The histogram's total seconds and count per label set, largest total first."""
    totals: dict[tuple[str, ...], list[float]] = {}
    label_names = tuple(labels)
    for family in text_string_to_metric_families(metrics_text):
        if family.name != metric:
            continue
        for sample in family.samples:
            suffix = sample.name.removeprefix(metric)
            if suffix not in ("_sum", "_count"):
                continue
            key = tuple(sample.labels.get(name, "") for name in label_names)
            entry = totals.setdefault(key, [0.0, 0.0])
            entry[0 if suffix == "_sum" else 1] += sample.value
    ranked = sorted(totals.items(), key=lambda item: item[1][0], reverse=True)[:top]
    return [
        {
            **dict(zip(label_names, key, strict=True)),
            "seconds": round(seconds, 2),
            "count": int(count),
            "mean_ms": round(1000 * seconds / count, 2) if count else None,
        }
        for key, (seconds, count) in ranked
    ]


def store_operations(metrics_text: str) -> dict[str, int]:
    """Store round trips by command (find, update, insert...), all collections, from the store histogram."""
    counts: dict[str, int] = {}
    for family in text_string_to_metric_families(metrics_text):
        if family.name == "rcm_store_command_seconds":
            for sample in family.samples:
                if sample.name.endswith("_count"):
                    command = sample.labels.get("command", "")
                    counts[command] = counts.get(command, 0) + int(sample.value)
    return dict(sorted(counts.items()))


def per_encounter(where: dict[str, dict[str, Any]], cpu: dict[str, float], settled: int) -> dict[str, Any]:
    """What one settled encounter costs: store operations per service, CPU seconds per process (services and
    stack), so runs of different sizes can be compared (a flat cost means the work does not grow with the data)."""
    if settled <= 0:
        return {}
    return {
        "store_operations": {
            name: round(sum(found["store_operations"].values()) / settled, 2) for name, found in where.items()
        },
        "cpu_ms": {name: round(1000 * seconds / settled, 2) for name, seconds in sorted(cpu.items())},
    }


def service_time(urls: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Per service instance: the handler time by topic and the store time by command, from /metrics."""
    report = {}
    with httpx.Client(timeout=10) as client:
        for name, url in urls.items():
            try:
                text = client.get(f"{url}/metrics").text
            except httpx.HTTPError:
                continue
            report[name] = {
                "store_operations": store_operations(text),
                "handlers": time_by_label(text, "rcm_handler_seconds", ["topic"]),
                "store": time_by_label(
                    text, "rcm_store_command_seconds", ["command", "collection", "lookup"]
                ),
            }
    return report
