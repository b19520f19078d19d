"""EligibilityGateway adapter that answers 270s like a payer would, from the payer directory and test data.

Deterministic test-patient rules (so demos and tests can ask for each 271 outcome by member id):
- a member id whose last digit is 9 belongs to a terminated member: coverage ended on the last day of the
  month before the date of service;
- a member id whose last digit is 8 is unknown to the payer (AAA 75, subscriber not found);
- a termination date on file before the date of service, or an effective date after it, is inactive;
- the plan, and how much of its deductible is left, come from a hash of payer and member id, so the same
  member always gets the same answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from rcm_codesets import CostSharingPlan, Payer

from rcm_registration.domain.eligibility import (
    MENTAL_HEALTH,
    PROFESSIONAL_VISIT_OFFICE,
    EligibilityRequest,
    EligibilityResult,
    ServiceTypeCoverage,
)
from rcm_registration.domain.payer_lookup import payer_in_force

TERMINATED_LAST_DIGIT = "9"
UNKNOWN_MEMBER_LAST_DIGIT = "8"
CENT = Decimal("0.01")
# Taxonomies of primary care (family, internal, general practice, pediatrics): the PCP copay applies.
PRIMARY_CARE_TAXONOMY_PREFIXES = ("207Q", "207R", "208D", "2080")


def last_digit(member_id: str) -> str | None:
    digits = [char for char in member_id if char.isdigit()]
    return digits[-1] if digits else None


def member_hash(payer_id: str, member_id: str) -> int:
    # hashlib, not hash(): Python salts str hashes per process, and the answer must survive a restart.
    return int.from_bytes(hashlib.sha256(f"{payer_id}:{member_id}".encode()).digest()[:8], "big")


def plan_for(found: Payer, member_id: str) -> CostSharingPlan | None:
    """A plan drawn by member hash, weighted by each plan's share of the payer's members."""
    if not found.cost_sharing_plans:
        return None
    point = Decimal(member_hash(found.payer_id, member_id) % 10_000) / Decimal(10_000)
    cumulative = Decimal(0)
    for plan in found.cost_sharing_plans:
        cumulative += plan.share_of_members
        if point < cumulative:
            return plan
    return found.cost_sharing_plans[-1]


def deductible_remaining(plan: CostSharingPlan, member_id: str, payer_id: str) -> Decimal:
    """0%, 25%, 50%, 75% or 100% of the annual deductible left, by member hash."""
    quarter_steps = (member_hash(payer_id, member_id) // 10_000) % 5
    remaining: Decimal = plan.annual_deductible * Decimal(quarter_steps) / Decimal(4)
    return remaining.quantize(CENT)


class SimulatedEligibilityGateway:
    """In-process stand-in for a clearinghouse's real-time 270/271; `today` gives the 271's checked_on."""

    def __init__(
        self,
        today: date | Callable[[], date] | None = None,
        primary_care_taxonomy: str | None = "207Q00000X",
    ) -> None:
        self._today: Callable[[], date] = (
            date.today if today is None else today if callable(today) else (lambda: today)
        )
        self._primary_care = bool(
            primary_care_taxonomy and primary_care_taxonomy.startswith(PRIMARY_CARE_TAXONOMY_PREFIXES)
        )
        self.requests: list[EligibilityRequest] = []
        """Every inquiry received, so tests can assert how often the payer was asked."""

    async def verify(self, request: EligibilityRequest) -> EligibilityResult:
        self.requests.append(request)
        return self.answer(request)

    def answer(self, request: EligibilityRequest) -> EligibilityResult:
        base = {
            "trace_number": request.trace_number,
            "payer_id": request.payer_id,
            "checked_on": self._today(),
            "date_of_service": request.date_of_service,
        }
        found = payer_in_force(request.payer_id, request.date_of_service)
        member_id = request.member_id or ""
        if found is None or not member_id or not found.member_id_is_valid(member_id):
            return EligibilityResult(
                **base,
                status="member_not_found",
                reject_reason_code="72",
                message="invalid or missing member id",
            )
        if last_digit(member_id) == UNKNOWN_MEMBER_LAST_DIGIT:
            return EligibilityResult(
                **base, status="member_not_found", reject_reason_code="75", message="subscriber not found"
            )
        ended = self._termination_date(request)
        if ended is not None or (
            request.coverage_effective_date is not None
            and request.coverage_effective_date > request.date_of_service
        ):
            return EligibilityResult(
                **base,
                status="inactive",
                coverage_termination_date=ended,
                message="no active coverage on the date of service",
            )
        plan = plan_for(found, member_id)
        return EligibilityResult(
            **base,
            status="active",
            plan_code=plan.plan_code if plan else None,
            plan_name=plan.name if plan else found.name,
            copay=(plan.pcp_copay if self._primary_care else plan.specialist_copay) if plan else None,
            coinsurance_percent=plan.coinsurance_percent if plan else None,
            deductible_remaining=deductible_remaining(plan, member_id, found.payer_id) if plan else None,
            service_types=self._service_types(found, request),
            prior_auth_required_codes=tuple(
                code for code in request.procedure_codes if found.requires_prior_auth(code)
            ),
        )

    @staticmethod
    def _termination_date(request: EligibilityRequest) -> date | None:
        on_file = request.coverage_termination_date
        if on_file is not None and on_file < request.date_of_service:
            return on_file
        if last_digit(request.member_id or "") == TERMINATED_LAST_DIGIT:
            return request.date_of_service.replace(day=1) - timedelta(days=1)
        return None

    @staticmethod
    def _service_types(found: Payer, request: EligibilityRequest) -> tuple[ServiceTypeCoverage, ...]:
        answers = []
        for service_type in request.service_type_codes:
            covered, note = True, ""
            policy = found.telehealth
            if request.telehealth and service_type in (PROFESSIONAL_VISIT_OFFICE, MENTAL_HEALTH):
                not_covered = [
                    code for code in request.procedure_codes if policy and code not in policy.covered_codes
                ]
                if policy is None or request.place_of_service not in policy.allowed_pos:
                    covered, note = False, "telehealth not covered at this place of service"
                elif not_covered:
                    covered, note = False, f"not covered by telehealth: {', '.join(not_covered)}"
            answers.append(ServiceTypeCoverage(service_type_code=service_type, covered=covered, note=note))
        return tuple(answers)
