"""Patients and subscribers: demographics as the 837P needs them (loops 2010BA/2010CA). All of it is PHI."""

from __future__ import annotations

from datetime import date

from pydantic import Field, ValidationInfo, field_validator
from rcm_schemas import X12Text
from rcm_schemas.codes import EntityId, TenantId
from rcm_schemas.vocabulary import Sex

from rcm_registration.domain.base import DomainModel, validation_today
from rcm_registration.domain.identifiers import PhoneNumber, UsStateCode, ZipCode


class PostalAddress(DomainModel):
    # Lengths are the X12 5010 element maxima (N301 55, N401 30), so an accepted address always fits the 837P.
    line1: X12Text = Field(min_length=1, max_length=55)
    line2: X12Text | None = Field(default=None, max_length=55)
    city: X12Text = Field(min_length=1, max_length=30)
    state: UsStateCode
    postal_code: ZipCode


class PersonDemographics(DomainModel):
    first_name: X12Text = Field(min_length=1, max_length=35)
    last_name: X12Text = Field(min_length=1, max_length=60)
    middle_name: X12Text | None = Field(default=None, max_length=25)
    birth_date: date
    sex: Sex
    address: PostalAddress
    phone: PhoneNumber | None = None

    @field_validator("birth_date")
    @classmethod
    def _birth_date_not_in_future(cls, value: date, info: ValidationInfo) -> date:
        if value > validation_today(info):
            raise ValueError("birth date cannot be in the future")
        if value.year < 1900:
            raise ValueError("birth date before 1900 is not plausible")
        return value


class Patient(PersonDemographics):
    """A registered patient of one tenant; ids are assigned by the service, never taken from the caller."""

    tenant_id: TenantId
    patient_id: EntityId

    def demographics(self) -> PersonDemographics:
        # Already validated as part of this patient, so constructing without re-validation is safe.
        return PersonDemographics.model_construct(
            **{name: getattr(self, name) for name in PersonDemographics.model_fields}
        )
