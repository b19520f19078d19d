"""The service factory: settings, broker, Mongo, consumer, outbox stores, HTTP app with health and metrics.

A service's composition root builds a `Service`, registers its handlers and routes, and hands it to the
runner (a process) or to a test (in-process, on the real stack).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar, Union
from uuid import UUID

import structlog
from fastapi import Depends, FastAPI
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from rcm_schemas import TOPICS, Event, current_version, event_class, new_message, topic_for
from rcm_schemas.phi import phi_fields_of

from rcm_platform.aggregates import AggregateStore
from rcm_platform.audit.changes import record_changes
from rcm_platform.audit.http import AuditRequests, audit_router
from rcm_platform.audit.self_check import Chain, ChainSelfCheck
from rcm_platform.audit.trail import AUDIT_KEY, AUDIT_TRAIL, AuditTrail
from rcm_platform.auth.access import KIT_ROUTE_ROLES, RouteRoles, authorise, require_route_roles
from rcm_platform.auth.keys import JwksKeys
from rcm_platform.auth.openapi import document_access
from rcm_platform.auth.tokens import TokenVerifier
from rcm_platform.background import BackgroundTasks
from rcm_platform.commands import COMMAND_STATUS, CommandLog, command_router
from rcm_platform.consumer import EventConsumer
from rcm_platform.documents import MAX_STORE_CONNECTIONS
from rcm_platform.health import health_router
from rcm_platform.http import command_id, install_http_edge
from rcm_platform.http_limits import BodySizeLimit, RequestDeadline
from rcm_platform.metrics import ServiceMetrics
from rcm_platform.outages import until_available
from rcm_platform.phi import FieldCipher, PhiDatabase, WireCipher, key_provider
from rcm_platform.ports import Aggregates, AggregatesFor, OutgoingRecord, Publisher
from rcm_platform.publisher import EventPublisher, make_broker
from rcm_platform.settings import ServiceSettings
from rcm_platform.store_monitor import StoreCommandMonitor

log = structlog.get_logger("rcm.service")
T = TypeVar("T")
Hook = Callable[[], Awaitable[None]]


class Service:
    def __init__(
        self,
        settings: ServiceSettings,
        *,
        stores: AggregatesFor | None = None,
        publisher: Publisher | None = None,
    ) -> None:
        """`stores` and `publisher` replace the Mongo aggregate stores and the Kafka publisher (tests)."""
        self.settings = settings
        self.name = settings.service_name
        self.metrics = ServiceMetrics(self.name)
        self.broker = make_broker(
            settings.kafka_bootstrap, client_id=f"rcm-{self.name}", access=settings.kafka_access
        )
        self.mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            settings.mongo_uri,
            serverSelectionTimeoutMS=5000,
            maxPoolSize=MAX_STORE_CONNECTIONS,  # FerretDB deadlocks a database whose pool is held (documents.py)
            tz_aware=True,
            event_listeners=[StoreCommandMonitor(self.metrics.store_seconds)],
        )
        # PHI fields are sealed with the tenant's key in every document written through `db` and every event
        # published or consumed (rcm_platform.phi); the rest of the service sees clear values.
        self.phi = FieldCipher(key_provider(settings.phi_keys_dir))
        self.wire = WireCipher(self.phi)
        self.db: AsyncDatabase[dict[str, Any]] = PhiDatabase(self.mongo, settings.database_name, self.phi)
        # Hash chains (audit trail, ledgers) hold no PHI: they are read and written byte for byte, unwrapped.
        self.chain_db: AsyncDatabase[dict[str, Any]] = self.mongo[settings.database_name]
        self.publisher: Publisher = publisher or EventPublisher(
            self.broker, self.metrics, settings.topic_prefix, encoder=self.wire.encode
        )
        self._stores_for = stores
        self.consumer = EventConsumer(
            service=self.name,
            group_id=settings.group_id,
            publisher=self.publisher,
            metrics=self.metrics,
            max_attempts=settings.max_attempts,
            retry_base_delay_s=settings.retry_base_delay_s,
            topic_prefix=settings.topic_prefix,
            wire=self.wire,
            batch_max_records=settings.batch_max_records,
            batch_wait_ms=settings.batch_wait_ms,
        )
        self.stores: dict[str, Aggregates] = {}
        self.indexes: dict[str, list[IndexModel]] = {}
        # Every route needs a token; the health probes and /metrics are let through inside `authorise`.
        self.http = FastAPI(
            title=f"rcm {self.name}", lifespan=self._lifespan, dependencies=[Depends(authorise)]
        )
        self.http.state.token_verifier = TokenVerifier(
            JwksKeys(settings.auth_jwks), issuer=settings.auth_issuer, audience=settings.auth_audience
        )
        self.http.state.route_roles = dict(KIT_ROUTE_ROLES)
        document_access(self.http)
        self.integrity = ChainSelfCheck(self.metrics.registry)
        self.audit = AuditTrail(self.chain_db[AUDIT_TRAIL] if stores is None else None, self.name)
        if stores is None:
            self.index(AUDIT_TRAIL, *AuditTrail.indexes())
            self.chained(AUDIT_TRAIL, AUDIT_KEY)
        self.http.add_middleware(AuditRequests, trail=self.audit)
        self.http.include_router(audit_router(self.audit))
        self.commands = CommandLog(self.chain_db[COMMAND_STATUS] if stores is None else None)
        self.consumer.command_log = self.commands
        self.http.include_router(command_router(self.commands))
        self.http.include_router(
            health_router(
                self.name,
                {"kafka": self._kafka_ready, "mongo": self._mongo_ready},
                self.metrics,
                self.integrity.details,
            )
        )
        install_http_edge(self.http)
        # Outermost last: the size limit answers before anything reads the body, the deadline covers the rest.
        self.http.add_middleware(RequestDeadline, seconds=settings.request_deadline_s)
        self.http.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
        self.before_consuming: list[Hook] = []
        """Run once the store is reachable and before any record is consumed (a projection to build first)."""
        self.on_started: list[Hook] = []
        self.background = BackgroundTasks(self.name)
        self.run_every(settings.chain_check_interval_s, self.integrity.run, "chain self-check")
        self.run_every(settings.outbox_sweep_interval_s, self.sweep_outboxes, "outbox sweeper")
        self._attached = False
        self._declare_published_topics()

    def _declare_published_topics(self) -> None:
        """Tell FastStream which topics this service publishes and their event schemas (for AsyncAPI)."""
        for topic in TOPICS:
            if topic.name.split(".")[1] != self.name:
                continue
            classes = tuple(current_event_classes_of(topic.event_types))
            schema: Any = classes[0] if len(classes) == 1 else Union[classes]  # noqa: UP007 - a runtime union
            self.broker.publisher(
                self.settings.topic(topic.name),
                title=topic.name,
                schema=schema,
                description=f"{', '.join(topic.event_types)}; key: {topic.partition_key}"
                + sealed_fields_note(classes),
            )

    # -- building blocks the service's composition root uses ----------------------------------------
    def store(self, collection: str) -> Aggregates:
        if collection not in self.stores:
            self.stores[collection] = (
                self._stores_for(collection)
                if self._stores_for is not None
                else AggregateStore(
                    self.db[collection],
                    self.publisher,
                    producer=self.name,
                    outbox_backlog=self.metrics.outbox_backlog,
                )
            )
            store = self.stores[collection]
            if isinstance(store, AggregateStore):
                store.before_publish = self._record_changes
        return self.stores[collection]

    async def _record_changes(self, records: list[OutgoingRecord]) -> None:
        await record_changes(self.audit, self.name, records)

    def allow(self, route_roles: RouteRoles) -> None:
        """The service's table of route -> roles (its `entrypoints/access.py`); start() refuses gaps in it."""
        self.http.state.route_roles.update(route_roles)
        self.http.openapi_schema = None  # the document shows each route's roles: rebuild it

    def check_route_roles(self) -> None:
        require_route_roles(self.http, self.http.state.route_roles)

    def chained(self, collection: str, key_field: str) -> None:
        """A hash-chained collection of this service: walked by the periodic self-check (`rcm_chain_intact`)."""
        self.integrity.add(Chain(collection, self.chain_db[collection], key_field))

    def index(self, collection: str, *models: IndexModel) -> None:
        self.indexes.setdefault(collection, []).extend(models)

    def run_every(self, seconds: float, step: Callable[[], Awaitable[object]], name: str) -> None:
        """A loop started with the service and cancelled before it stops (one failed step does not end it)."""
        self.background.every(seconds, step, name)

    async def publish(
        self,
        event: Event,
        *,
        tenant_id: str,
        idempotency_key: str | None = None,
        correlation_id: UUID | None = None,
    ) -> UUID:
        """Publish a command or a fact from an HTTP request; the owner of its aggregate applies it.

        With an Idempotency-Key the event id is derived from it, so a retried request is applied once.
        """
        message = new_message(
            event,
            producer=self.name,
            tenant_id=tenant_id,
            correlation_id=correlation_id,
            event_id=command_id(tenant_id, event, idempotency_key),
        )
        if (
            topic_for(event.EVENT_TYPE).name == f"rcm.{self.name}.commands"
        ):  # ours to apply: its status is ours
            await self.commands.accepted(
                tenant_id=tenant_id,
                command_id=str(message.envelope.event_id),
                command=event.EVENT_TYPE,
                aggregate_id=event.partition_key_value(),
            )
        await self.publisher.publish(message)
        return message.envelope.event_id

    # -- lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        self.check_route_roles()
        if not self.settings.phi_keys_dir:
            # Refused here rather than at the first patient: PHI is never stored or sent in clear.
            raise RuntimeError("no PHI key folder: set RCM_PHI_KEYS_DIR (rcm run sets <repo>/.rcm/keys)")
        if not self._attached:
            self.consumer.attach(self.broker)
            self._attached = True
        # Started before its broker or store (a fleet brought up in any order, or during an outage), the
        # service waits for them instead of exiting: each step is retried alone, so none is done twice.
        await self._when_available("indexes", self._ensure_all_indexes)
        await self._when_available("broker connection", self.broker.connect)
        for store in self.stores.values():
            flushed = await self._when_available("outbox flush", store.flush_pending)
            if flushed:
                log.info("published outboxes left by an earlier run", aggregates=flushed)
        for hook in self.before_consuming:
            await self._when_available("start-up step", hook)
        await self._when_available("consumers", self.broker.start)
        for hook in self.on_started:
            await hook()
        self.background.start()
        log.info("service started", topics=self.consumer.topics, group=self.consumer.group_id)

    async def sweep_outboxes(self) -> int:
        """Publish the outboxes a failed publish left behind while this process lives on (the start-up sweep
        covers a process that died): an HTTP create's event, or a flush that met a broker outage."""
        flushed = 0
        for store in self.stores.values():
            if isinstance(store, AggregateStore):
                flushed += await store.sweep()
        if flushed:
            log.info("published outboxes a failed publish left behind", aggregates=flushed)
        return flushed

    async def _when_available(self, what: str, step: Callable[[], Awaitable[T]]) -> T:
        return await until_available(step, what=what, wait_s=self.settings.startup_wait_s, log=log)

    async def _ensure_all_indexes(self) -> None:
        for collection, models in self.indexes.items():
            await self._ensure_indexes(collection, models)

    async def _ensure_indexes(self, collection: str, models: list[IndexModel]) -> None:
        """Create only the missing indexes: FerretDB 1.24 panics re-creating an existing one on dotted keys."""
        existing = {index["name"] async for index in await self.db[collection].list_indexes()}
        missing = [model for model in models if model.document["name"] not in existing]
        if missing:
            await self.db[collection].create_indexes(missing)

    async def stop(self) -> None:
        await self.background.stop()  # first: a loop still running would use the closed broker or store
        try:
            await asyncio.wait_for(self.broker.stop(), timeout=self.settings.shutdown_timeout_s)
        except TimeoutError:
            log.warning("broker did not stop in time", timeout_s=self.settings.shutdown_timeout_s)
        await self.mongo.close()
        log.info("service stopped")

    @asynccontextmanager
    async def _lifespan(self, _: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def _kafka_ready(self) -> bool:
        return bool(await self.broker.ping(timeout=PROBE_S))

    async def _mongo_ready(self) -> bool:
        await self.mongo.admin.command("ping")
        return True


PROBE_S = 1.5


def sealed_fields_note(classes: tuple[type[Event], ...]) -> str:
    """What a subscriber must know: which payload fields arrive sealed with the tenant's key (docs/security.md)."""
    sealed = sorted({name for cls in classes for name in phi_fields_of(cls)})
    if not sealed:
        return ""
    return f"; PHI fields sealed on the wire (enc:v1, AES-GCM with the tenant key): {', '.join(sealed)}"


def current_event_classes_of(event_types: tuple[str, ...]) -> list[type[Event]]:
    return [event_class(event_type, current_version(event_type)) for event_type in event_types]
