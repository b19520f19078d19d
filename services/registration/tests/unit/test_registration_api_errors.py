"""422s through the service's own routes on the in-memory store: field-local rules from pydantic,
cross-object rules from the domain, all in the kit's one shape and never echoing the input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from rcm_platform.testing.in_memory import InMemoryService
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.encounter import EncounterIntake
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider
from rcm_registration.service.encounter_intake import intake_problems
from rcm_registration.synthetic_population import SyntheticPopulation
from registration_front_desk import FrontDesk, headers, new_key


def locations(response: httpx.Response) -> list[list[str | int]]:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert all(
        set(error) == {"type", "loc", "msg"} for error in detail
    )  # the input (maybe PHI) is not echoed
    return [error["loc"] for error in detail]


async def post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> httpx.Response:
    return await client.post(path, json=body, headers=headers(key=new_key()))


@pytest.fixture
def patient_body() -> dict[str, Any]:
    return {
        "first_name": "Ava",
        "last_name": "Testpatient",
        "birth_date": "1980-06-15",
        "sex": "F",
        "address": {"line1": "12 Test Lane", "city": "Springfield", "state": "IL", "postal_code": "62701"},
    }


async def test_valid_patient_is_accepted(client: httpx.AsyncClient, patient_body: dict[str, Any]) -> None:
    created = await post(client, "/patients", patient_body)
    assert created.status_code == 201 and created.json()["last_name"] == "Testpatient"


async def test_future_birth_date_bad_zip_and_bad_state_each_name_their_field(
    client: httpx.AsyncClient, patient_body: dict[str, Any]
) -> None:
    patient_body["birth_date"] = (date.today() + timedelta(days=1)).isoformat()
    patient_body["address"] |= {"state": "XX", "postal_code": "6270"}
    found = locations(await post(client, "/patients", patient_body))
    assert sorted(map(str, found)) == sorted(
        map(str, [["body", "birth_date"], ["body", "address", "state"], ["body", "address", "postal_code"]])
    )


async def test_missing_required_fields_are_named_and_no_token_is_a_401(client: httpx.AsyncClient) -> None:
    found = locations(await post(client, "/patients", {"first_name": "Ava"}))
    assert ["body", "last_name"] in found and ["body", "birth_date"] in found and ["body", "address"] in found
    anonymous = await client.post("/patients", json={})
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")


async def test_wrong_npi_check_digit_names_the_npi(client: httpx.AsyncClient) -> None:
    body = {
        "organization_name": "Sunrise",
        "npi": "1234567890",
        "tax_id": "12-3456789",
        "practice_address": {
            "line1": "1 Main St",
            "city": "Springfield",
            "state": "IL",
            "postal_code": "62704",
        },
    }
    response = await post(client, "/clinics", body)
    assert locations(response) == [["body", "npi"]]
    assert "check digit" in response.json()["detail"][0]["msg"]
    assert (await post(client, "/clinics", body | {"npi": "1234567893"})).status_code == 201


async def test_a_provider_of_an_unknown_clinic_names_the_clinic(
    client: httpx.AsyncClient, population: SyntheticPopulation
) -> None:
    body = population.provider("clinic-nope", "ignored").model_dump(
        mode="json", exclude={"tenant_id", "provider_id"}
    )
    response = await post(client, "/providers", body)
    assert locations(response) == [["body", "clinic_id"]]
    assert response.json()["detail"][0]["type"] == "not_found"


async def test_member_id_not_matching_the_payer_pattern_names_member_id(
    client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    patient_id = await desk.patient()
    path = f"/patients/{patient_id}/coverages"
    body = {"payer_id": "NWHP1", "member_id": "XYZ123", "effective_date": "2024-01-01"}
    response = await post(client, path, body)
    assert locations(response) == [["body", "member_id"]]
    assert response.json()["detail"][0]["type"] == "member_id_format"
    assert (await post(client, path, body | {"member_id": "NWH-000-123-456"})).status_code == 201


async def test_bad_relationship_code_and_unknown_payer(client: httpx.AsyncClient, desk: FrontDesk) -> None:
    path = f"/patients/{await desk.patient()}/coverages"
    body = {"payer_id": "NWHP1", "member_id": "NWH000123456", "effective_date": "2024-01-01"}
    assert locations(await post(client, path, body | {"relationship_code": "02"})) == [
        ["body", "relationship_code"]
    ]
    assert locations(await post(client, path, body | {"payer_id": "NOPE1"})) == [["body", "payer_id"]]


async def test_encounter_field_and_reference_rules(client: httpx.AsyncClient, desk: FrontDesk) -> None:
    body = await desk.intake()
    future = (date.today() + timedelta(days=3)).isoformat()
    assert locations(await post(client, "/encounters", body | {"date_of_service": future})) == [
        ["body", "date_of_service"]
    ]
    before_birth = await post(client, "/encounters", body | {"date_of_service": "1900-01-02"})
    assert {tuple(loc) for loc in locations(before_birth)} == {("body", "date_of_service")}
    assert any("birth date" in error["msg"] for error in before_birth.json()["detail"])
    assert locations(await post(client, "/encounters", body | {"telehealth": True})) == [
        ["body", "telehealth_mode"],
        ["body", "patient_location"],
        ["body", "place_of_service"],
    ]
    assert locations(await post(client, "/encounters", body | {"coverage_ids": ["cov-x"]})) == [
        ["body", "coverage_ids", 0]
    ]
    unknown = body | {"patient_id": "pat-nope", "rendering_provider_id": "prov-nope"}
    assert locations(await post(client, "/encounters", unknown)) == [
        ["body", "patient_id"],
        ["body", "rendering_provider_id"],
    ]


async def test_a_rejected_encounter_stores_and_publishes_nothing(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    body = await desk.intake()
    await post(client, "/encounters", body | {"coverage_ids": ["cov-x"]})
    assert world.stores("encounters").documents == {} and world.publisher.sent == []


def test_dos_outside_the_coverage_period_names_date_of_service(
    make_intake: Callable[..., EncounterIntake],
    patient: Patient,
    clinic: Clinic,
    provider: Provider,
    population: SyntheticPopulation,
) -> None:
    """The rule exists for flows that refuse such a visit; POST /encounters leaves it to eligibility."""
    ended: Coverage = population.coverage(patient, "NWHP1", "cov-ended", effective=date(2024, 1, 1))
    ended = ended.model_copy(update={"termination_date": date(2025, 1, 31)})
    intake = make_intake(coverage_ids=("cov-ended",))
    problems = intake_problems(intake, patient=patient, clinic=clinic, provider=provider, coverages=[ended])
    assert [(p.path, p.code) for p in problems] == [(("date_of_service",), "outside_coverage_period")]
    lenient = intake_problems(
        intake,
        patient=patient,
        clinic=clinic,
        provider=provider,
        coverages=[ended],
        include_coverage_period=False,
    )
    assert lenient == []
