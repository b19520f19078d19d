"""Composition root of the coding service: settings, the coding documents, subscribers and HTTP routes.

No I/O here: the diagnosis index is built in a worker thread once the service has started.
"""

from __future__ import annotations

from rcm_platform import Service

from rcm_coding.adapters.diagnosis_index_loader import DiagnosisIndexLoader
from rcm_coding.domain.auto_coding_policy import AutoCodingConfig
from rcm_coding.entrypoints.http_routes import register_routes
from rcm_coding.entrypoints.http_views import CODING_COLLECTION, WORK_ITEM_INDEX
from rcm_coding.entrypoints.subscribers import register_subscribers
from rcm_coding.service.code_encounter import CodingSettings as CodingPolicy
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


def build_app(settings: CodingSettings, *, index_loader: DiagnosisIndexLoader | None = None) -> Service:
    service = Service(settings)
    loader = index_loader or DiagnosisIndexLoader()
    workflow = EncounterCodingWorkflow(
        service.store(CODING_COLLECTION), service.db[WORK_ITEM_INDEX], loader, coding_policy(settings)
    )

    async def warm_diagnosis_index() -> None:
        loader.start()  # not awaited: the first encounter waits for it, the service is live meanwhile

    service.on_started.append(warm_diagnosis_index)
    register_subscribers(service, workflow)
    register_routes(service)
    return service
