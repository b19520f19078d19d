"""The clinics' front desks: records and encounters entered through the registration HTTP API."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
from rcm_codesets import requires_clia
from rcm_platform.http import IDEMPOTENCY_HEADER
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.synthetic_population import SyntheticPopulation

from rcmctl.workload import sign_in
from rcmctl.workload.encounters import PlannedEncounter
from rcmctl.workload.patient_client import send_until_answered
from rcmctl.workload.profiles import ClinicProfile

COVERAGE_START = date(2025, 1, 1)


RememberPhi = Callable[..., None]


def forget_phi(*values: object) -> None:
    """Outside tests nobody collects the PHI the desks send."""


class RegistrationRefused(RuntimeError):
    """The registration API answered something other than success: the workload itself is wrong."""


@dataclass
class ClinicDesk:
    """One clinic (tenant): its records, created once and reused by its encounters."""

    profile: ClinicProfile
    tenant_id: str
    client: httpx.AsyncClient
    population: SyntheticPopulation
    remember_phi: RememberPhi = forget_phi
    clinic_id: str = ""
    provider_ids: list[str] = field(default_factory=list)
    patient_ids: dict[int, str] = field(default_factory=dict)
    coverage_ids: dict[tuple[int, str], str] = field(default_factory=dict)
    _locks: dict[int, asyncio.Lock] = field(default_factory=dict)

    async def _post(self, path: str, body: dict[str, Any], *, expect: int = 201) -> dict[str, Any]:
        headers = {**sign_in.clinic_manager(self.tenant_id), IDEMPOTENCY_HEADER: uuid.uuid4().hex}
        # The same Idempotency-Key on every try: a request retried through an outage is applied once.
        response = await send_until_answered(self.client, "POST", path, json=body, headers=headers)
        if response.status_code != expect:
            raise RegistrationRefused(f"POST {path}: {response.status_code} {response.text[:500]}")
        result: dict[str, Any] = response.json()
        return result

    async def open(self) -> None:
        clinic = self.population.clinic().model_dump(mode="json", exclude={"tenant_id", "clinic_id"})
        clinic["organization_name"] = self.profile.name
        self.clinic_id = (await self._post("/clinics", clinic))["clinic_id"]
        for index in range(self.profile.providers):
            provider = self.population.provider(self.clinic_id, f"p{index}").model_dump(
                mode="json", exclude={"tenant_id", "provider_id"}
            )
            self.provider_ids.append((await self._post("/providers", provider))["provider_id"])

    async def _patient(self, index: int) -> str:
        lock = self._locks.setdefault(index, asyncio.Lock())
        async with lock:  # two encounters of one patient must not create the patient twice
            if index not in self.patient_ids:
                patient = self.population.patient(f"pt{index}")
                self.remember_phi(patient.first_name, patient.last_name, patient.birth_date.isoformat())
                body = patient.model_dump(mode="json", exclude={"tenant_id", "patient_id"})
                self.patient_ids[index] = (await self._post("/patients", body))["patient_id"]
            return self.patient_ids[index]

    async def coverage(
        self,
        patient_index: int,
        payer_id: str,
        *,
        terminated_before: date | None = None,
        order: str = "primary",
    ) -> str:
        patient_id = await self._patient(patient_index)
        key = (patient_index, payer_id if terminated_before is None else f"{payer_id}:ended")
        if order != "primary":
            key = (patient_index, f"{key[1]}:{order}")
        lock = self._locks.setdefault(-1 - patient_index, asyncio.Lock())
        async with lock:
            if key not in self.coverage_ids:
                card = self.population.coverage(
                    self.population.patient("holder"), payer_id, "c", effective=COVERAGE_START
                )
                if card.member_id:  # a self-pay "card" has no member id
                    self.remember_phi(card.member_id)
                details = CoverageDetails(
                    **card.model_dump(
                        include=set(CoverageDetails.model_fields),
                        exclude={"termination_date", "coverage_order"},
                    ),
                    termination_date=terminated_before,
                    coverage_order=order,
                )
                body = details.model_dump(mode="json", exclude_none=True)
                created = await self._post(f"/patients/{patient_id}/coverages", body)
                self.coverage_ids[key] = created["coverage_id"]
            return self.coverage_ids[key]

    async def register(self, planned: PlannedEncounter) -> dict[str, Any]:
        return await self._post("/encounters", await self.encounter_body(planned))

    async def register_many(self, plans: list[PlannedEncounter]) -> list[dict[str, Any]]:
        """Register the visits in one POST /encounters:batch (their patients and coverages first); the views in
        order. Every item must be registered: a rejected one is a refused registration, as for one visit."""
        bodies = await asyncio.gather(*(self.encounter_body(planned) for planned in plans))
        items = [{"idempotency_key": uuid.uuid4().hex, "encounter": body} for body in bodies]
        answer = await self._post("/encounters:batch", {"items": items}, expect=200)
        refused = [r for r in answer["results"] if r["outcome"] != "registered"]
        if refused:
            raise RegistrationRefused(
                f"POST /encounters:batch: {len(refused)} refused: {refused[0]['problems']}"
            )
        return [result["encounter"] for result in answer["results"]]

    async def encounter_body(self, planned: PlannedEncounter) -> dict[str, Any]:
        ended = planned.date_of_service - timedelta(days=30) if planned.defect == "registration" else None
        coverage_ids = [await self.coverage(planned.patient_index, planned.payer_id, terminated_before=ended)]
        if planned.secondary_payer_id:
            coverage_ids.append(
                await self.coverage(planned.patient_index, planned.secondary_payer_id, order="secondary")
            )
        body: dict[str, Any] = {
            "patient_id": await self._patient(planned.patient_index),
            "clinic_id": self.clinic_id,
            "rendering_provider_id": self.provider_ids[planned.provider_index],
            "coverage_ids": coverage_ids,
            "date_of_service": planned.date_of_service.isoformat(),
            "place_of_service": planned.place_of_service,
            "telehealth": planned.telehealth,
            "note_text": planned.note_text,
            "selected_diagnoses": list(planned.diagnoses),
            "selected_lines": [
                {
                    "procedure_code": line.procedure_code,
                    "modifiers": list(line.modifiers),
                    "units": line.units,
                    "diagnosis_pointers": list(line.diagnosis_pointers),
                }
                for line in planned.lines
            ],
        }
        if planned.telehealth:
            body["telehealth_mode"] = planned.telehealth_mode
            body["patient_location"] = planned.patient_location
        if any(requires_clia(line.procedure_code) for line in planned.lines):
            # Lab work ordered on a referral names the referring clinician (837P 2310A); drawn from its own
            # random source, so every other planned value stays what it was.
            referral = self.population.referring_provider(f"{planned.clinic_key}-{planned.index}")
            body["referring_provider"] = referral.model_dump(mode="json")
        return body

    async def correct(self, work_item_id: str, patient_index: int, payer_id: str, problems: set[str]) -> None:
        """The front desk calls the patient (current card) or the payer (an authorization), then corrects."""
        body: dict[str, Any] = {}
        if problems & {"coverage_inactive", "member_not_found", "coverage_missing"}:
            body["coverage_id"] = await self.coverage(patient_index, payer_id)
        if "prior_auth_missing" in problems:
            body["prior_authorization_number"] = f"PA{uuid.uuid4().hex[:10].upper()}"
        if body:
            await self._post(f"/work-items/{work_item_id}/corrections", body, expect=202)
