"""Coverages: who pays, in which order, for which period, and who the subscriber is (X12 2000B/2010BA)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from rcm_schemas import X12Text, to_x12_text
from rcm_schemas.codes import EntityId, PayerId, TenantId

from rcm_registration.domain.base import DomainModel
from rcm_registration.domain.people import PersonDemographics

RelationshipCode = Literal["18", "01", "19", "G8"]
"""X12 SBR02/PAT01 relationship of patient to subscriber: 18 self, 01 spouse, 19 child, G8 other."""

CoverageOrder = Literal["primary", "secondary", "tertiary"]
COVERAGE_ORDER_RANK: dict[str, int] = {"primary": 1, "secondary": 2, "tertiary": 3}


def _normalized_member_id(value: object) -> object:
    # Cards print ids with spaces or dashes ("1EG4-TE5-MK73"); payers match on the bare characters.
    if isinstance(value, str):
        bare = value.replace("-", "").replace(" ", "").upper()
        return bare or None
    return value


MemberId = Annotated[
    str, BeforeValidator(_normalized_member_id), StringConstraints(max_length=80), AfterValidator(to_x12_text)
]


class CoverageDetails(DomainModel):
    """What the front desk reads off the insurance card.

    The member id is checked against the payer's format by coverage_field_problems (it needs the payer
    directory on a date); a missing subscriber for a dependent is a registration problem, not a 422, because
    the front desk often learns the card holder's details only after the visit.
    """

    payer_id: PayerId
    member_id: MemberId | None = None
    group_number: X12Text | None = Field(default=None, max_length=50)
    coverage_order: CoverageOrder = "primary"
    relationship_code: RelationshipCode = "18"
    subscriber: PersonDemographics | None = None
    effective_date: date
    termination_date: date | None = None

    @field_validator("termination_date")
    @classmethod
    def _termination_not_before_effective(cls, value: date | None, info: ValidationInfo) -> date | None:
        effective = info.data.get("effective_date")
        if value is not None and isinstance(effective, date) and value < effective:
            raise ValueError("termination date cannot be before the effective date")
        return value

    def covers(self, day: date) -> bool:
        return self.effective_date <= day and (self.termination_date is None or day <= self.termination_date)

    @property
    def patient_is_subscriber(self) -> bool:
        return self.relationship_code == "18"


class Coverage(CoverageDetails):
    tenant_id: TenantId
    coverage_id: EntityId
    patient_id: EntityId


def in_billing_order(coverages: tuple[Coverage, ...]) -> tuple[Coverage, ...]:
    """Primary first: the order claims and coordination of benefits bill them in."""
    return tuple(sorted(coverages, key=lambda coverage: COVERAGE_ORDER_RANK[coverage.coverage_order]))
