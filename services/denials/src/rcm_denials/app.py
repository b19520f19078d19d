"""Composition root of the denials service: the case store and repositories, the use cases over them,
subscribers, routes and indexes.

No I/O here: the Service connects to Kafka and Mongo when it starts (the runner's lifespan, or a test).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pymongo import IndexModel
from rcm_platform import AggregatesFor, Publisher, Service

from rcm_denials.adapters.case_queries import DenialCaseQueries
from rcm_denials.adapters.coverage_corrections import COVERAGE_CORRECTIONS, StoredCoverageCorrections
from rcm_denials.adapters.mongo_repositories import (
    DENIAL_CASES,
    REMITTED_CLAIMS,
    SUBMITTED_CLAIMS,
    AppealLetterRepository,
    BillingModelRepository,
    ClaimLedger,
)
from rcm_denials.entrypoints.access import ROUTE_ROLES
from rcm_denials.entrypoints.http_billing_models import billing_model_routes
from rcm_denials.entrypoints.http_commands import command_routes
from rcm_denials.entrypoints.http_queries import query_routes
from rcm_denials.entrypoints.subscribers import register_subscribers
from rcm_denials.service.intake_workflow import DenialIntakeWorkflow
from rcm_denials.service.registration_correction_workflow import RegistrationCorrectionWorkflow
from rcm_denials.service.worklist_workflow import WorklistWorkflow
from rcm_denials.settings import DenialsSettings


def default_settings() -> DenialsSettings:
    return DenialsSettings()


def build_app(
    settings: DenialsSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Service:
    """`clock` is "now" for the read side (a worklist's deadlines, the analytics month); every decision on a
    case takes its time from the message that caused it, so a redelivery decides the same."""
    service = Service(settings, stores=stores, publisher=publisher)
    cases = service.store(DENIAL_CASES)
    billing_models = BillingModelRepository(service.db)
    letters = AppealLetterRepository(service.db)
    ledger = ClaimLedger(service.db)
    limit = settings.correction_attempt_limit
    # Work queues and analytics filter on these (FerretDB may ignore them; Mongo uses them).
    service.index(DENIAL_CASES, IndexModel([("tenant_id", 1), ("state.case.work_item.queue", 1)]))
    service.index(REMITTED_CLAIMS, IndexModel([("tenant_id", 1), ("month", 1)]))
    service.index(SUBMITTED_CLAIMS, IndexModel([("tenant_id", 1)]))
    # A registration correction finds the cases of its encounter by this (FerretDB may ignore it).
    service.index(DENIAL_CASES, IndexModel([("tenant_id", 1), ("state.context.encounter_id", 1)]))
    coverage_corrections = StoredCoverageCorrections(service.store(COVERAGE_CORRECTIONS))
    queries = DenialCaseQueries(service.db)
    register_subscribers(
        service.consumer,
        DenialIntakeWorkflow(cases, billing_models, ledger, service, limit, coverage_corrections),
        WorklistWorkflow(cases, letters, limit),
        RegistrationCorrectionWorkflow(coverage_corrections, queries, service),
    )
    now = clock or (lambda: datetime.now(UTC))
    service.http.include_router(command_routes(service, queries, attempt_limit=limit, clock=now))
    service.http.include_router(query_routes(queries, letters, ledger, now))
    service.http.include_router(billing_model_routes(billing_models))
    service.allow(ROUTE_ROLES)
    return service
