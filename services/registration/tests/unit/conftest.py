"""Shared builders: one synthetic clinic, provider and patient, and encounters on 3 March 2025; and the
whole service on the in-memory store and publisher, with a front desk driving its API."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from rcm_platform.testing.in_memory import InMemoryService, in_memory_service
from rcm_registration.adapters.eligibility_simulator import SimulatedEligibilityGateway
from rcm_registration.app import build_app
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.encounter import Encounter, EncounterIntake
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider
from rcm_registration.service.encounter_intake import build_encounter
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation

sys.path.insert(0, str(Path(__file__).parents[1]))  # the front-desk helper, shared with the stack tests

from registration_front_desk import FrontDesk

TODAY = date(2025, 3, 10)
DOS = date(2025, 3, 3)


@pytest.fixture
def population() -> SyntheticPopulation:
    return SyntheticPopulation(seed=7)


@pytest.fixture
def clinic(population: SyntheticPopulation) -> Clinic:
    return population.clinic("clinic-main")


@pytest.fixture
def provider(population: SyntheticPopulation, clinic: Clinic) -> Provider:
    return population.provider(clinic.clinic_id, "prov-1")


@pytest.fixture
def patient(population: SyntheticPopulation) -> Patient:
    return population.patient("pat-1")


@pytest.fixture
def gateway() -> SimulatedEligibilityGateway:
    return SimulatedEligibilityGateway(today=TODAY)


@pytest.fixture
def make_intake() -> Callable[..., EncounterIntake]:
    def make(**overrides: Any) -> EncounterIntake:
        fields: dict[str, Any] = {
            "patient_id": "pat-1",
            "clinic_id": "clinic-main",
            "rendering_provider_id": "prov-1",
            "coverage_ids": ("cov-1",),
            "date_of_service": DOS,
            "place_of_service": "11",
            "note_text": "Follow-up for type 2 diabetes without complications; refills.",
            "selected_diagnoses": ("E11.9",),
            "selected_lines": ({"procedure_code": "99213"},),
        }
        return EncounterIntake.model_validate(fields | overrides, context={"today": TODAY})

    return make


@pytest.fixture
def make_encounter(
    make_intake: Callable[..., EncounterIntake], patient: Patient, clinic: Clinic, provider: Provider
) -> Callable[..., Encounter]:
    def make(coverages: tuple[Coverage, ...], **intake_overrides: Any) -> Encounter:
        intake = make_intake(coverage_ids=tuple(c.coverage_id for c in coverages), **intake_overrides)
        return build_encounter(
            intake,
            tenant_id=patient.tenant_id,
            encounter_id="enc-1",
            note_id="note-1",
            patient=patient,
            clinic=clinic,
            provider=provider,
            coverages=coverages,
        )

    return make


CHECKED_AT = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def world() -> InMemoryService:
    """The service built by its composition root on the kit's in-memory fakes; nothing connects."""
    return in_memory_service(build_app, RegistrationSettings(), clock=lambda: CHECKED_AT)


@pytest_asyncio.fixture
async def client(world: InMemoryService) -> AsyncIterator[httpx.AsyncClient]:
    async with world.http() as http_client:
        yield http_client


@pytest.fixture
def desk(client: httpx.AsyncClient) -> FrontDesk:
    return FrontDesk(client, SyntheticPopulation(seed=31))
