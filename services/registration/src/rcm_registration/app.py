"""Composition root: the registration service wired from the kit, its store adapters and eligibility gateway.

build_app does no I/O; `service.start()` (or the runner's lifespan) creates the indexes, connects and
subscribes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from pymongo import IndexModel
from rcm_platform import Service
from rcm_platform.ports import AggregatesFor, Publisher

from rcm_registration.adapters.correction_command import PublishedCorrections
from rcm_registration.adapters.coverage_command import PublishedCoverageCorrections
from rcm_registration.adapters.eligibility_simulator import SimulatedEligibilityGateway
from rcm_registration.adapters.encounter_repository import EncounterQueries, EncounterRepository
from rcm_registration.adapters.record_ids import IdempotentRecordIds
from rcm_registration.adapters.record_repository import StoredReferenceRecords
from rcm_registration.entrypoints.access import ROUTE_ROLES
from rcm_registration.entrypoints.command_subscribers import subscribe_commands
from rcm_registration.entrypoints.http_coverage_corrections import add_coverage_correction_route
from rcm_registration.entrypoints.http_encounter_batch import add_encounter_batch_route
from rcm_registration.entrypoints.http_encounters import add_encounter_routes
from rcm_registration.entrypoints.http_records import add_record_routes
from rcm_registration.entrypoints.http_work_items import add_work_item_routes
from rcm_registration.service.correction_handling import CorrectionHandling
from rcm_registration.service.coverage_correction import CoverageCorrections
from rcm_registration.service.encounter_admission import EncounterAdmission
from rcm_registration.service.work_items import WorkItems
from rcm_registration.settings import RegistrationSettings

ENCOUNTERS = "encounters"


def default_settings() -> RegistrationSettings:
    return RegistrationSettings()


def build_app(
    settings: RegistrationSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Service:
    """`stores`/`publisher` replace the aggregate stores and the Kafka publisher (tests). `clock` gives the
    day eligibility is checked on (the 271's checked_on); without it, the local date. The "not in the
    future" rules of request bodies still read the real date (pydantic validation has no clock to ask)."""
    today: Callable[[], date] = date.today if clock is None else (lambda: clock().date())
    service = Service(settings, stores=stores, publisher=publisher)
    gateway = SimulatedEligibilityGateway(today=today)
    records = StoredReferenceRecords(service.store)
    encounters = EncounterRepository(service.store(ENCOUNTERS))
    # The work-item list filters on status; FerretDB may not use it, MongoDB does.
    service.index(ENCOUNTERS, IndexModel("state.status"))

    coverage_corrections = CoverageCorrections(
        encounters, gateway, PublishedCoverageCorrections(service), today
    )
    subscribe_commands(service.consumer, CorrectionHandling(encounters, gateway, today), coverage_corrections)
    add_coverage_correction_route(service.http, coverage_corrections)
    add_record_routes(service.http, records)
    admission = EncounterAdmission(records, encounters, gateway, IdempotentRecordIds(), today)
    add_encounter_routes(service.http, admission, encounters)
    add_encounter_batch_route(service.http, admission, service.audit)
    work_items = WorkItems(
        encounters, EncounterQueries(service.db[ENCOUNTERS]), records, PublishedCorrections(service)
    )
    add_work_item_routes(service.http, work_items)
    service.allow(ROUTE_ROLES)
    return service
