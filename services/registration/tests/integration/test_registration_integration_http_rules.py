"""The API on the real store: 422 naming the field with nothing stored, idempotent creates, tenancy."""

from __future__ import annotations

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation
from registration_front_desk import OTHER_TENANT, FrontDesk, headers, new_key

pytestmark = pytest.mark.stack


def wrong_check_digit(npi: str) -> str:
    return npi[:9] + str((int(npi[9]) + 1) % 10)


async def test_wrong_npi_check_digit_is_a_422_naming_the_npi_and_stores_nothing(
    registration: Service, client: httpx.AsyncClient
) -> None:
    population = SyntheticPopulation(seed=13)
    clinic = population.clinic().model_dump(mode="json", exclude={"tenant_id", "clinic_id"})
    clinic["npi"] = wrong_check_digit(clinic["npi"])

    response = await client.post("/clinics", json=clinic, headers=headers(key=new_key()))

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [error["loc"] for error in detail] == [["body", "npi"]] and "check digit" in detail[0]["msg"]
    assert await registration.db["clinics"].count_documents({}) == 0
    desk = FrontDesk(client, population)
    clinic_id, _ = await desk.clinic_and_provider()
    provider = population.provider(clinic_id, "ignored").model_dump(
        mode="json", exclude={"tenant_id", "provider_id"}
    )
    provider["npi"] = wrong_check_digit(provider["npi"])
    rejected = await client.post("/providers", json=provider, headers=headers(key=new_key()))
    assert rejected.status_code == 422 and rejected.json()["detail"][0]["loc"] == ["body", "npi"]
    assert await registration.db["providers"].count_documents({}) == 1


async def test_the_same_create_repeated_with_one_idempotency_key_makes_one_encounter(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=14))
    intake = await desk.intake(payer_id="FBHMO")
    key = new_key()

    first = await client.post("/encounters", json=intake, headers=headers(key=key))
    second = await client.post("/encounters", json=intake, headers=headers(key=key))

    assert first.status_code == 201 and second.status_code == 201
    assert first.json() == second.json()
    assert await registration.db["encounters"].count_documents({}) == 1
    topic = registration_settings.topic("rcm.registration.events")
    events = await read_events(registration_settings.kafka_bootstrap, topic, at_least=1, timeout_s=10)
    assert [e.payload.encounter_id for e in events] == [first.json()["encounter_id"]]  # type: ignore[attr-defined]
    other_key = await client.post("/encounters", json=intake, headers=headers(key=new_key()))
    assert other_key.json()["encounter_id"] != first.json()["encounter_id"]


async def test_another_tenants_encounter_and_records_are_404(
    registration: Service, client: httpx.AsyncClient
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=15))
    intake = await desk.intake()
    created = await client.post("/encounters", json=intake, headers=headers(key=new_key()))
    encounter_id = created.json()["encounter_id"]

    assert (await client.get(f"/encounters/{encounter_id}", headers=headers())).status_code == 200
    assert (await client.get(f"/encounters/{encounter_id}", headers=headers(OTHER_TENANT))).status_code == 404
    patient = await client.get(f"/patients/{intake['patient_id']}", headers=headers(OTHER_TENANT))
    assert patient.status_code == 404
    # Another tenant cannot build an encounter on these records either: they do not exist for it.
    foreign = await client.post("/encounters", json=intake, headers=headers(OTHER_TENANT, new_key()))
    assert foreign.status_code == 422
    assert ["body", "patient_id"] in [error["loc"] for error in foreign.json()["detail"]]
    anonymous = await client.get(f"/encounters/{encounter_id}")
    assert anonymous.status_code == 401


async def test_intake_problems_are_422s_naming_the_field_and_store_nothing(
    registration: Service, client: httpx.AsyncClient
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=16))
    intake = await desk.intake()

    unknown_coverage = await client.post(
        "/encounters", json=intake | {"coverage_ids": ["cov-nope"]}, headers=headers(key=new_key())
    )
    bad_place = await client.post(
        "/encounters", json=intake | {"place_of_service": "77"}, headers=headers(key=new_key())
    )

    assert unknown_coverage.status_code == 422
    assert [e["loc"] for e in unknown_coverage.json()["detail"]] == [["body", "coverage_ids", 0]]
    assert bad_place.status_code == 422
    assert [e["loc"] for e in bad_place.json()["detail"]] == [["body", "place_of_service"]]
    assert await registration.db["encounters"].count_documents({}) == 0
