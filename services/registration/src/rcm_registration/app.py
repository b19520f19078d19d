"""Composition root: the registration service wired from the kit, its Mongo adapters and eligibility gateway.

build_app does no I/O; `service.start()` (or the runner's lifespan) creates the indexes, connects and
subscribes. Tests swap the eligibility gateway and the clock through the keyword overrides.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pymongo import IndexModel
from rcm_platform import Service

from rcm_registration.adapters.eligibility_simulator import SimulatedEligibilityGateway
from rcm_registration.adapters.encounter_repository import EncounterRepository
from rcm_registration.adapters.record_repository import ReferenceRecords
from rcm_registration.domain.eligibility import EligibilityGateway
from rcm_registration.entrypoints.command_subscribers import subscribe_commands
from rcm_registration.entrypoints.http_encounters import add_encounter_routes
from rcm_registration.entrypoints.http_records import add_record_routes
from rcm_registration.entrypoints.http_work_items import add_work_item_routes
from rcm_registration.service.correction_handling import CorrectionHandling
from rcm_registration.service.encounter_admission import EncounterAdmission
from rcm_registration.settings import RegistrationSettings

ENCOUNTERS = "encounters"


def default_settings() -> RegistrationSettings:
    return RegistrationSettings()


def build_app(
    settings: RegistrationSettings,
    *,
    eligibility_gateway: EligibilityGateway | None = None,
    today: Callable[[], date] = date.today,
) -> Service:
    service = Service(settings)
    gateway = eligibility_gateway or SimulatedEligibilityGateway()
    records = ReferenceRecords(service.store)
    encounters = EncounterRepository(service.store(ENCOUNTERS))
    # The work-item list filters on status; FerretDB may not use it, MongoDB does.
    service.index(ENCOUNTERS, IndexModel("state.status"))

    subscribe_commands(service, service.store(ENCOUNTERS), CorrectionHandling(gateway, today))
    add_record_routes(service.http, records)
    add_encounter_routes(service.http, EncounterAdmission(records, encounters, gateway, today), encounters)
    add_work_item_routes(service.http, service, encounters, records)
    return service
