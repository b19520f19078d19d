"""Composition root of the coding service: settings, the coding documents, subscribers and HTTP routes.

No I/O here: the diagnosis index is built in a worker thread once the service has started.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rcm_platform import Service
from rcm_platform.ports import AggregatesFor, Publisher

from rcm_coding.adapters.coding_queries import CODING_COLLECTION, CodingQueries
from rcm_coding.adapters.diagnosis_index_loader import DiagnosisIndexLoader
from rcm_coding.adapters.work_item_index import WORK_ITEM_INDEX, MongoWorkItemIndex
from rcm_coding.domain.auto_coding_policy import AutoCodingConfig
from rcm_coding.entrypoints.access import ROUTE_ROLES
from rcm_coding.entrypoints.http_routes import register_routes
from rcm_coding.entrypoints.subscribers import register_subscribers
from rcm_coding.service.code_encounter import CodingPolicy
from rcm_coding.service.encounter_workflow import EncounterCodingWorkflow
from rcm_coding.settings import CodingSettings


def default_settings() -> CodingSettings:
    return CodingSettings()


def coding_policy(settings: CodingSettings) -> CodingPolicy:
    return CodingPolicy(
        policy=AutoCodingConfig(
            agreement_top_k=settings.agreement_top_k, agreement_min_score=settings.agreement_min_score
        ),
        telehealth_review_payers=frozenset(settings.telehealth_review_payers),
    )


def build_app(
    settings: CodingSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Service:
    """`clock` is accepted for the one signature but unused: coding reads no wall-clock time. Every time it
    records (decided_at, audit entries) is the occurred_at of the event or command that caused it, so a
    redelivered message decides the same; codes are validated as of the date of service, not today."""
    del clock
    service = Service(settings, stores=stores, publisher=publisher)
    diagnosis_index = DiagnosisIndexLoader()
    workflow = EncounterCodingWorkflow(
        service.store(CODING_COLLECTION),
        MongoWorkItemIndex(service.db[WORK_ITEM_INDEX]),
        diagnosis_index,
        coding_policy(settings),
    )

    async def warm_diagnosis_index() -> None:
        diagnosis_index.start()  # not awaited: the first encounter waits for it, the service is live meanwhile

    service.on_started.append(warm_diagnosis_index)
    register_subscribers(service, workflow)
    register_routes(service, CodingQueries(service.db))
    service.allow(ROUTE_ROLES)
    return service
