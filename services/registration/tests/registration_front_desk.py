"""What a front desk does through the API in the tests (unit and stack): create the records an encounter needs.

Synthetic records from SyntheticPopulation; every name, birth date and member id is registered with the
PHI guard, so the run fails if any log line contains one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from rcm_platform.auth import Role
from rcm_platform.testing.auth import bearer, signer
from rcm_platform.testing.phi_guard import remember_phi
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.synthetic_population import SyntheticPopulation

TENANT = "clinic-sunrise"
OTHER_TENANT = "clinic-elsewhere"
DATE_OF_SERVICE = date.today() - timedelta(days=10)
COVERAGE_START = date(2025, 1, 1)


def headers(tenant_id: str = TENANT, key: str | None = None) -> dict[str, str]:
    # The clinic's office manager: registers patients and visits (front_desk) and sets up clinics (admin).
    token = signer().mint(subject="front-desk", roles=[Role.front_desk, Role.admin], tenants=[tenant_id])
    found = bearer(token)
    if key is not None:
        found["Idempotency-Key"] = key
    return found


def new_key() -> str:
    return uuid.uuid4().hex


@dataclass
class FrontDesk:
    client: httpx.AsyncClient
    population: SyntheticPopulation

    async def post(self, path: str, body: dict[str, Any], *, tenant_id: str = TENANT) -> dict[str, Any]:
        response = await self.client.post(path, json=body, headers=headers(tenant_id, new_key()))
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    async def clinic_and_provider(self) -> tuple[str, str]:
        clinic = self.population.clinic().model_dump(mode="json", exclude={"tenant_id", "clinic_id"})
        clinic_id = (await self.post("/clinics", clinic))["clinic_id"]
        provider = self.population.provider(clinic_id, "ignored").model_dump(
            mode="json", exclude={"tenant_id", "provider_id"}
        )
        return clinic_id, (await self.post("/providers", provider))["provider_id"]

    async def patient(self) -> str:
        patient = self.population.patient("ignored")
        remember_phi(patient.first_name, patient.last_name, patient.birth_date.isoformat(), patient.phone)
        body = patient.model_dump(mode="json", exclude={"tenant_id", "patient_id"})
        return str((await self.post("/patients", body))["patient_id"])

    def coverage_details(self, payer_id: str, *, termination: date | None = None) -> CoverageDetails:
        coverage = self.population.coverage(
            self.population.patient("card-holder"), payer_id, "ignored", effective=COVERAGE_START
        )
        remember_phi(coverage.member_id)
        return CoverageDetails(
            **coverage.model_dump(include=set(CoverageDetails.model_fields), exclude={"termination_date"}),
            termination_date=termination,
        )

    async def coverage(self, patient_id: str, payer_id: str, *, termination: date | None = None) -> str:
        details = self.coverage_details(payer_id, termination=termination)
        body = details.model_dump(mode="json", exclude_none=True)
        return str((await self.post(f"/patients/{patient_id}/coverages", body))["coverage_id"])

    async def intake(self, *, payer_id: str = "NWHP1", termination: date | None = None) -> dict[str, Any]:
        """An encounter request body whose references all exist for TENANT."""
        clinic_id, provider_id = await self.clinic_and_provider()
        patient_id = await self.patient()
        coverage_id = await self.coverage(patient_id, payer_id, termination=termination)
        return {
            "patient_id": patient_id,
            "clinic_id": clinic_id,
            "rendering_provider_id": provider_id,
            "coverage_ids": [coverage_id],
            "date_of_service": DATE_OF_SERVICE.isoformat(),
            "place_of_service": "11",
            "note_text": "Follow-up visit for type 2 diabetes without complications; medication refilled.",
            "selected_diagnoses": ["E11.9"],
            "selected_lines": [{"procedure_code": "99213"}],
        }
