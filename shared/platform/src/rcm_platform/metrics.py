"""Prometheus metrics of one service, in its own registry (tests run several services in one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from rcm_platform.store_monitor import store_histogram

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class ServiceMetrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.consumed = Counter(
            "rcm_events_consumed_total",
            "Events consumed, by outcome",
            ["topic", "event_type", "outcome"],
            registry=self.registry,
        )
        self.published = Counter(
            "rcm_events_published_total", "Messages published", ["topic"], registry=self.registry
        )
        self.failed = Counter(
            "rcm_events_failed_total",
            "Handler failures, each attempt",
            ["topic", "error"],
            registry=self.registry,
        )
        self.dead_lettered = Counter(
            "rcm_dlq_total", "Messages sent to the DLQ", ["topic", "reason_kind"], registry=self.registry
        )
        self.handler_seconds = Histogram(
            "rcm_handler_seconds",
            "Handler latency",
            ["topic"],
            registry=self.registry,
            buckets=_LATENCY_BUCKETS,
        )
        self.batch_records = Histogram(
            "rcm_consumer_batch_records",
            "Records taken by the consumer at once (their outboxes are published in one flush)",
            registry=self.registry,
            buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000),
        )
        self.outbox_backlog = Gauge(
            "rcm_outbox_backlog", "Outbox records written but not yet published", registry=self.registry
        )
        self.consumer_lag = Gauge(
            "rcm_consumer_lag",
            "Messages behind the end of an input partition",
            ["topic", "partition"],
            registry=self.registry,
        )
        self.store_seconds = store_histogram(self.registry)
        Gauge("rcm_service_info", "Service identity", ["service"], registry=self.registry).labels(
            service=service
        ).set(1)
