"""Composition root of the analytics service: the event store, the recorder and reports over it, the subscriber
of every published fact, and the routes.

No I/O here: `build_app` only builds; the kit connects Kafka and the store on start. Tests pass in-memory
`stores` and `publisher` (rcm_platform.testing.in_memory) and a fixed `clock`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rcm_platform import AggregatesFor, Publisher, Service
from rcm_platform.auth.dev_keys import ensure_dev_signer

from rcm_analytics.adapters.event_store import EVENT_STORE, INDEXES, MongoEventStore
from rcm_analytics.adapters.service_calls import ServiceCalls
from rcm_analytics.adapters.topic_replay import KafkaTopicReplay
from rcm_analytics.adapters.worklist_store import INDEXES as WORKLIST_INDEXES
from rcm_analytics.adapters.worklist_store import WORKLIST_ITEMS, MongoWorklists
from rcm_analytics.entrypoints.access import ROUTE_ROLES
from rcm_analytics.entrypoints.console.pages import Console, console_app
from rcm_analytics.entrypoints.http_routes import analytics_router
from rcm_analytics.entrypoints.subscribers import register_subscribers, reported_topics
from rcm_analytics.service.recording import EventRecorder
from rcm_analytics.service.reports import Reports
from rcm_analytics.service.worklist_pages import WorklistPages
from rcm_analytics.settings import AnalyticsSettings


def default_settings() -> AnalyticsSettings:
    return AnalyticsSettings()


def build_app(
    settings: AnalyticsSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Service:
    """`clock` gives the default "as of" date of the reports (A/R ages from the date of service to it)."""
    service = Service(settings, stores=stores, publisher=publisher)
    store = MongoEventStore(service.db, service.wire)
    service.index(EVENT_STORE, *INDEXES)
    worklists = MongoWorklists(service.db)
    service.index(WORKLIST_ITEMS, *WORKLIST_INDEXES)
    recorder = EventRecorder(store, worklists)
    register_subscribers(service, recorder)
    replay = KafkaTopicReplay(
        settings.kafka_bootstrap, settings.kafka_access, reported_topics(settings.topic_prefix), service.wire
    )
    now = clock or (lambda: datetime.now(UTC))
    reports = Reports(store)
    service.http.include_router(analytics_router(reports, recorder, replay, lambda: now().date()))
    service.allow(ROUTE_ROLES)
    console = Console(
        verifier=service.http.state.token_verifier,
        reports=reports,
        pages=WorklistPages(worklists),
        calls=ServiceCalls(settings.service_urls),
        dev_signer=ensure_dev_signer if settings.console_dev_login else None,
        poll_s=settings.console_poll_s,
        today=lambda: now().date(),
    )
    service.http.mount("/console", console_app(console))
    return service
