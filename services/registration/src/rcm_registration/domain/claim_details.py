"""What a payer-complete 837P needs about a visit beyond the basics, as the front desk enters it: the
referring and supervising clinicians, the site, an accident, the onset date, what the patient paid at the
visit, and the NDC of a drug line. Every field is optional: most office visits need none.

Clinician names use provider_* field names: first_name/last_name are PHI field names (rcm_schemas.phi), and
a clinician's name is not PHI.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator
from rcm_schemas import X12Text
from rcm_schemas.codes import EntityId
from rcm_schemas.money import MoneyInput

from rcm_registration.domain.base import DomainModel
from rcm_registration.domain.identifiers import NdcCode, NpiNumber, UsStateCode
from rcm_registration.domain.people import PostalAddress

RelatedCauseCode = Literal["AA", "EM", "OA"]
DrugUnit = Literal["F2", "GR", "ME", "ML", "UN"]
DelayReasonCode = Literal["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "15"]


class ClinicSite(DomainModel):
    """A place the clinic sees patients other than its billing address (837P loop 2310C)."""

    site_id: EntityId
    site_name: X12Text = Field(min_length=1, max_length=60)
    site_address: PostalAddress
    npi: NpiNumber | None = None


class OutsideProvider(DomainModel):
    """A clinician named on the claim who need not be on our staff: the referring or supervising one."""

    npi: NpiNumber
    provider_last_name: X12Text = Field(min_length=1, max_length=60)
    provider_first_name: X12Text | None = Field(default=None, max_length=35)


class AccidentDetails(DomainModel):
    """CLM11: the visit follows an accident or is work related."""

    codes: tuple[RelatedCauseCode, ...] = Field(min_length=1, max_length=2)
    accident_state: UsStateCode | None = None
    accident_date: date | None = None

    @model_validator(mode="after")
    def _auto_accident_needs_state_and_date(self) -> AccidentDetails:
        # The 837P requires CLM11-4 with AA and DTP*439 with AA or OA: cheaper to ask now than after a hold.
        if "AA" in self.codes and self.accident_state is None:
            raise ValueError("accident_state is required for an auto accident (AA)")
        if {"AA", "OA"} & set(self.codes) and self.accident_date is None:
            raise ValueError("accident_date is required for an accident (AA or OA)")
        return self


class LineDrugDetails(DomainModel):
    """The drug a line bills: NDC, quantity and unit (837P loop 2410)."""

    ndc: NdcCode
    quantity: Decimal = Field(gt=0, max_digits=10, decimal_places=3)
    unit: DrugUnit


class VisitClaimDetails(DomainModel):
    """The visit's optional 837P facts (their dates are checked against the date of service in
    visit_detail_checks, which sees the whole intake)."""

    referring_provider: OutsideProvider | None = None
    supervising_provider: OutsideProvider | None = None
    service_site_id: EntityId | None = None
    """One of the clinic's sites; None when the visit was at the clinic's billing address."""
    related_causes: AccidentDetails | None = None
    onset_date: date | None = None
    delay_reason_code: DelayReasonCode | None = None
    amount_paid_at_visit: MoneyInput | None = None
    """What the patient paid toward this visit at the front desk (837P AMT*F5)."""

    @field_validator("amount_paid_at_visit")
    @classmethod
    def _not_negative(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value < 0:
            raise ValueError("amount paid at the visit cannot be negative")
        return value
