"""Eligibility verification with X12 270/271 semantics; service.ports.EligibilityGateway asks the payer.

The 270 asks "is this member covered on this date for these service types?"; the 271 answers with the
coverage status (EB01 1 = active, 6 = inactive), the plan, copay (EB01 B), coinsurance (A), deductible
remaining (C with EB06 29 = remaining), per-service-type coverage and whether authorisation is required
(EB11 Y). A rejection (AAA) carries a reason, e.g. 72 invalid member id or 75 subscriber not found.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field
from rcm_schemas.codes import EntityId, PayerId, TenantId
from rcm_schemas.money import Money

from rcm_registration.domain.base import DomainModel
from rcm_registration.domain.coverage import RelationshipCode

# X12 service type codes (EB03) registration asks about.
HEALTH_BENEFIT_PLAN_COVERAGE = "30"
PROFESSIONAL_VISIT_OFFICE = "98"
MENTAL_HEALTH = "MH"

CoverageStatus = Literal["active", "inactive", "member_not_found"]


class EligibilityRequest(DomainModel):
    """A 270 inquiry for one coverage of one encounter.

    coverage_effective_date/termination_date are what the practice has on file; a real payer ignores them,
    the simulator uses them as the payer's own record so a terminated coverage answers inactive.
    """

    tenant_id: TenantId
    trace_number: EntityId
    """TRN02: echoed back by the payer; we use the encounter id."""
    payer_id: PayerId
    member_id: str | None
    group_number: str | None = None
    relationship_code: RelationshipCode = "18"
    patient_birth_date: date
    date_of_service: date
    provider_npi: str
    service_type_codes: tuple[str, ...] = (HEALTH_BENEFIT_PLAN_COVERAGE,)
    procedure_codes: tuple[str, ...] = ()
    place_of_service: str
    telehealth: bool = False
    coverage_effective_date: date | None = None
    coverage_termination_date: date | None = None


class ServiceTypeCoverage(DomainModel):
    service_type_code: str = Field(min_length=1, max_length=3)
    covered: bool
    note: str = ""


class EligibilityResult(DomainModel):
    """The 271 answer, stored on the encounter as the payer gave it for the date of service."""

    trace_number: EntityId
    payer_id: PayerId
    checked_on: date
    date_of_service: date
    status: CoverageStatus
    reject_reason_code: str | None = None
    """AAA03 when the payer could not answer (72 invalid member id, 75 subscriber not found, ...)."""
    message: str = ""
    coverage_termination_date: date | None = None
    plan_code: str | None = None
    plan_name: str | None = None
    copay: Money | None = None
    coinsurance_percent: Decimal | None = Field(default=None, ge=0, le=100)
    deductible_remaining: Money | None = None
    out_of_pocket_remaining: Money | None = None
    service_types: tuple[ServiceTypeCoverage, ...] = ()
    prior_auth_required_codes: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def service_types_covered(self) -> bool:
        return all(service.covered for service in self.service_types)

    def uncovered_service_types(self) -> tuple[ServiceTypeCoverage, ...]:
        return tuple(service for service in self.service_types if not service.covered)


def service_types_for(procedure_codes: tuple[str, ...]) -> tuple[str, ...]:
    """Which EB03 service types to ask about: plan coverage always, office visit and mental health by code"""
    service_types = [HEALTH_BENEFIT_PLAN_COVERAGE]
    # Evaluation and management (99xxx) and telehealth E/M ride on the professional office visit benefit.
    if any(code.startswith("99") or code.startswith("G22") for code in procedure_codes):
        service_types.append(PROFESSIONAL_VISIT_OFFICE)
    # Psychiatric diagnostic evaluation and psychotherapy (908xx) are a separate behavioural health benefit.
    if any(code.startswith("908") for code in procedure_codes):
        service_types.append(MENTAL_HEALTH)
    return tuple(service_types)
