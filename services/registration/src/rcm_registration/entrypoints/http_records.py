"""HTTP routes for the reference records: clinics, providers, patients and their coverages.

Creates take an Idempotency-Key (the same key returns the same record) and answer 201 with the record;
reads are scoped by the token's tenant, so another tenant's record is a 404.
"""

from __future__ import annotations

from fastapi import FastAPI
from rcm_platform.http import IdempotencyKey, TenantId

from rcm_registration.adapters.record_ids import record_id
from rcm_registration.adapters.record_repository import StoredReferenceRecords
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.cross_checks import FieldProblem, coverage_field_problems
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider
from rcm_registration.entrypoints.api_models import (
    ClinicCreate,
    CoverageCreate,
    PatientCreate,
    ProviderCreate,
    unprocessable_body,
)
from rcm_registration.entrypoints.http_views import found_or_404


def add_record_routes(http: FastAPI, records: StoredReferenceRecords) -> None:
    @http.post("/clinics", status_code=201, tags=["records"])
    async def create_clinic(
        body: ClinicCreate, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> Clinic:
        return await records.clinics.create(
            record_id("clinic", tenant_id=tenant_id, idempotency_key=idempotency_key),
            tenant_id=tenant_id,
            build=lambda new_id: Clinic(**dict(body), tenant_id=tenant_id, clinic_id=new_id),
        )

    @http.get("/clinics/{clinic_id}", tags=["records"])
    async def get_clinic(clinic_id: str, tenant_id: TenantId) -> Clinic:
        return found_or_404(await records.clinics.get(clinic_id, tenant_id=tenant_id), "clinic")

    @http.post("/providers", status_code=201, tags=["records"])
    async def create_provider(
        body: ProviderCreate, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> Provider:
        if await records.clinics.get(body.clinic_id, tenant_id=tenant_id) is None:
            raise unprocessable_body(
                [FieldProblem(("clinic_id",), "no such clinic for this tenant", "not_found")]
            )
        return await records.providers.create(
            record_id("prov", tenant_id=tenant_id, idempotency_key=idempotency_key),
            tenant_id=tenant_id,
            build=lambda new_id: Provider(**dict(body), tenant_id=tenant_id, provider_id=new_id),
        )

    @http.get("/providers/{provider_id}", tags=["records"])
    async def get_provider(provider_id: str, tenant_id: TenantId) -> Provider:
        return found_or_404(await records.providers.get(provider_id, tenant_id=tenant_id), "provider")

    @http.post("/patients", status_code=201, tags=["records"])
    async def create_patient(
        body: PatientCreate, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> Patient:
        return await records.patients.create(
            record_id("pat", tenant_id=tenant_id, idempotency_key=idempotency_key),
            tenant_id=tenant_id,
            build=lambda new_id: Patient(**dict(body), tenant_id=tenant_id, patient_id=new_id),
        )

    @http.get("/patients/{patient_id}", tags=["records"])
    async def get_patient(patient_id: str, tenant_id: TenantId) -> Patient:
        return found_or_404(await records.patients.get(patient_id, tenant_id=tenant_id), "patient")

    @http.post("/patients/{patient_id}/coverages", status_code=201, tags=["records"])
    async def create_coverage(
        patient_id: str, body: CoverageCreate, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> Coverage:
        found_or_404(await records.patients.get(patient_id, tenant_id=tenant_id), "patient")
        # The member-id format is the payer's as of the coverage's start.
        if problems := coverage_field_problems(body, body.effective_date):
            raise unprocessable_body(problems)
        return await records.coverages.create(
            record_id("cov", tenant_id=tenant_id, idempotency_key=idempotency_key),
            tenant_id=tenant_id,
            build=lambda new_id: Coverage(
                **dict(body), tenant_id=tenant_id, coverage_id=new_id, patient_id=patient_id
            ),
        )

    @http.get("/coverages/{coverage_id}", tags=["records"])
    async def get_coverage(coverage_id: str, tenant_id: TenantId) -> Coverage:
        return found_or_404(await records.coverages.get(coverage_id, tenant_id=tenant_id), "coverage")
