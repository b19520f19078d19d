"""422s through a real FastAPI app: field-local rules from pydantic, cross-object rules from the domain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rcm_registration.api_models import (
    ClinicCreate,
    CoverageCreate,
    EncounterCreate,
    PatientCreate,
    request_validation_error,
)
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.cross_checks import coverage_field_problems
from rcm_registration.domain.encounter import EncounterIntake
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider
from rcm_registration.service.encounter_intake import intake_problems
from rcm_registration.synthetic_population import SyntheticPopulation

DOS = date(2025, 3, 3)


@pytest.fixture
def client(
    patient: Patient, clinic: Clinic, provider: Provider, population: SyntheticPopulation
) -> TestClient:
    coverages = {
        "cov-1": population.coverage(patient, "NWHP1", "cov-1", effective=date(2024, 1, 1)),
        "cov-ended": population.coverage(
            patient, "NWHP1", "cov-ended", effective=date(2024, 1, 1)
        ).model_copy(update={"termination_date": date(2025, 1, 31)}),
    }
    app = FastAPI()

    @app.post("/patients", status_code=201)
    def create_patient(body: PatientCreate) -> dict[str, str]:
        return {"last_name": body.last_name}

    @app.post("/clinics", status_code=201)
    def create_clinic(body: ClinicCreate) -> dict[str, str]:
        return {"npi": body.npi}

    @app.post("/coverages", status_code=201)
    def create_coverage(body: CoverageCreate) -> dict[str, str]:
        if problems := coverage_field_problems(body, DOS):
            raise request_validation_error(problems)
        return {"payer_id": body.payer_id}

    @app.post("/encounters", status_code=201)
    def create_encounter(body: EncounterCreate) -> dict[str, str]:
        found: list[Coverage | None] = [coverages.get(coverage_id) for coverage_id in body.coverage_ids]
        problems = intake_problems(body, patient=patient, clinic=clinic, provider=provider, coverages=found)
        if problems:
            raise request_validation_error(problems)
        return {"status": "accepted"}

    return TestClient(app)


def locations(response: Any) -> list[list[str | int]]:
    assert response.status_code == 422, response.text
    return [error["loc"] for error in response.json()["detail"]]


@pytest.fixture
def patient_body() -> dict[str, Any]:
    return {
        "first_name": "Ava",
        "last_name": "Testpatient",
        "birth_date": "1980-06-15",
        "sex": "F",
        "address": {"line1": "12 Test Lane", "city": "Springfield", "state": "IL", "postal_code": "62701"},
    }


def test_valid_patient_is_accepted(client: TestClient, patient_body: dict[str, Any]) -> None:
    assert client.post("/patients", json=patient_body).status_code == 201


def test_future_birth_date_bad_zip_and_bad_state_each_name_their_field(
    client: TestClient, patient_body: dict[str, Any]
) -> None:
    patient_body["birth_date"] = (date.today() + timedelta(days=1)).isoformat()
    patient_body["address"] |= {"state": "XX", "postal_code": "6270"}
    found = locations(client.post("/patients", json=patient_body))
    assert sorted(map(str, found)) == sorted(
        map(str, [["body", "birth_date"], ["body", "address", "state"], ["body", "address", "postal_code"]])
    )


def test_missing_required_fields_are_named(client: TestClient) -> None:
    found = locations(client.post("/patients", json={"first_name": "Ava"}))
    assert ["body", "last_name"] in found and ["body", "birth_date"] in found and ["body", "address"] in found


def test_wrong_npi_check_digit_names_the_npi(client: TestClient) -> None:
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
    response = client.post("/clinics", json=body)
    assert locations(response) == [["body", "npi"]]
    assert "check digit" in response.json()["detail"][0]["msg"]
    assert client.post("/clinics", json=body | {"npi": "1234567893"}).status_code == 201


def test_member_id_not_matching_the_payer_pattern_names_member_id(client: TestClient) -> None:
    body = {"payer_id": "NWHP1", "member_id": "XYZ123", "effective_date": "2024-01-01"}
    response = client.post("/coverages", json=body)
    assert locations(response) == [["body", "member_id"]]
    assert response.json()["detail"][0]["type"] == "member_id_format"
    assert response.json()["detail"][0]["input"] is None  # the member id is PHI and is never echoed
    assert client.post("/coverages", json=body | {"member_id": "NWH-000-123-456"}).status_code == 201


def test_bad_relationship_code_and_unknown_payer(client: TestClient) -> None:
    body = {"payer_id": "NWHP1", "member_id": "NWH000123456", "effective_date": "2024-01-01"}
    assert locations(client.post("/coverages", json=body | {"relationship_code": "02"})) == [
        ["body", "relationship_code"]
    ]
    assert locations(client.post("/coverages", json=body | {"payer_id": "NOPE1"})) == [["body", "payer_id"]]


def test_dos_outside_the_coverage_period_names_date_of_service(
    client: TestClient, make_intake: Callable[..., EncounterIntake]
) -> None:
    body = make_intake(coverage_ids=("cov-ended",)).model_dump(mode="json")
    response = client.post("/encounters", json=body)
    assert locations(response) == [["body", "date_of_service"]]
    assert response.json()["detail"][0]["type"] == "outside_coverage_period"
    assert client.post("/encounters", json=body | {"coverage_ids": ["cov-1"]}).status_code == 201


def test_encounter_field_and_reference_rules(
    client: TestClient, make_intake: Callable[..., EncounterIntake]
) -> None:
    body = make_intake().model_dump(mode="json")
    future = (date.today() + timedelta(days=3)).isoformat()
    assert locations(client.post("/encounters", json=body | {"date_of_service": future})) == [
        ["body", "date_of_service"]
    ]
    before_birth = client.post("/encounters", json=body | {"date_of_service": "1950-01-01"})
    assert {tuple(loc) for loc in locations(before_birth)} == {("body", "date_of_service")}
    assert any("birth date" in error["msg"] for error in before_birth.json()["detail"])
    assert locations(client.post("/encounters", json=body | {"telehealth": True})) == [
        ["body", "telehealth_mode"],
        ["body", "patient_location"],
        ["body", "place_of_service"],
    ]
    assert locations(client.post("/encounters", json=body | {"coverage_ids": ["cov-x"]})) == [
        ["body", "coverage_ids", 0]
    ]
