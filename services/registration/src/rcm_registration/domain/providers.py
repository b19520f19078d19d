"""Clinics (the billing organisation, loop 2010AA) and providers (the rendering clinician, loop 2310B).

Provider names use provider_* field names on purpose: first_name/last_name are PHI field names for the log
redactor (rcm_schemas.phi), and a clinician's name is not PHI.
"""

from __future__ import annotations

from pydantic import Field, field_validator
from rcm_schemas import X12Text
from rcm_schemas.codes import EntityId, TenantId

from rcm_registration.domain.base import DomainModel
from rcm_registration.domain.claim_details import ClinicSite
from rcm_registration.domain.identifiers import (
    CliaNumberText,
    NpiNumber,
    PhoneNumber,
    TaxIdNumber,
    TaxonomyCode,
)
from rcm_registration.domain.people import PostalAddress


class ClinicDetails(DomainModel):
    organization_name: X12Text = Field(min_length=1, max_length=60)
    npi: NpiNumber
    tax_id: TaxIdNumber
    taxonomy_code: TaxonomyCode | None = None
    practice_address: PostalAddress
    phone: PhoneNumber | None = None
    clia_number: CliaNumberText | None = None
    """The clinic's CLIA certificate, required on a claim that bills a lab test (837P REF*X4)."""
    sites: tuple[ClinicSite, ...] = Field(default=(), max_length=20)
    """Places other than the billing address where the clinic sees patients (837P loop 2310C)."""

    @field_validator("sites")
    @classmethod
    def _site_ids_unique(cls, sites: tuple[ClinicSite, ...]) -> tuple[ClinicSite, ...]:
        ids = [site.site_id for site in sites]
        if len(set(ids)) != len(ids):
            raise ValueError("each site needs its own site_id")
        return sites

    def site(self, site_id: str) -> ClinicSite | None:
        return next((site for site in self.sites if site.site_id == site_id), None)


class Clinic(ClinicDetails):
    tenant_id: TenantId
    clinic_id: EntityId


class ProviderDetails(DomainModel):
    clinic_id: EntityId
    npi: NpiNumber
    provider_first_name: X12Text | None = Field(default=None, max_length=35)
    provider_last_name: X12Text = Field(min_length=1, max_length=60)
    taxonomy_code: TaxonomyCode | None = None


class Provider(ProviderDetails):
    tenant_id: TenantId
    provider_id: EntityId
