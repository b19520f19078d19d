"""What makes an encounter registrable: the data checks and the eligibility answer, as RegistrationProblems.

An empty list means coding and claims have what they need; anything else becomes a front-desk work item.
"""

from __future__ import annotations

from datetime import date

from rcm_codesets import PayerType

from rcm_registration.domain.coordination_of_benefits import coverage_order_problems
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.cross_checks import encounter_coverage_problems, visit_problems
from rcm_registration.domain.eligibility import EligibilityRequest, EligibilityResult, service_types_for
from rcm_registration.domain.encounter import Encounter, RegistrationProblem
from rcm_registration.domain.payer_lookup import payer_in_force

# 271 AAA03 reasons that mean "fix the member data", not "the coverage ended".
MEMBER_DATA_REJECTIONS = {
    "72": "invalid member id",
    "73": "invalid name",
    "58": "invalid birth date",
    "75": "subscriber not found",
    "76": "duplicate member id",
}


def eligibility_request_for(encounter: Encounter, coverage: Coverage) -> EligibilityRequest:
    """The 270 for one coverage of the encounter, asking about the service types its codes need."""
    procedure_codes = encounter.services.procedure_codes
    return EligibilityRequest(
        tenant_id=encounter.tenant_id,
        trace_number=encounter.encounter_id,
        payer_id=coverage.payer_id,
        member_id=coverage.member_id,
        group_number=coverage.group_number,
        relationship_code=coverage.relationship_code,
        patient_birth_date=encounter.patient.birth_date,
        date_of_service=encounter.date_of_service,
        provider_npi=encounter.rendering_provider.npi,
        service_type_codes=service_types_for(procedure_codes),
        procedure_codes=procedure_codes,
        place_of_service=encounter.place_of_service,
        telehealth=encounter.telehealth,
        coverage_effective_date=coverage.effective_date,
        coverage_termination_date=coverage.termination_date,
    )


def data_problems(encounter: Encounter) -> list[RegistrationProblem]:
    """Problems visible without asking the payer: missing coverage, subscriber, documentation, bad formats."""
    problems = [
        RegistrationProblem(code=problem.code, message=problem.message, field=problem.dotted_path)
        for problem in visit_problems(encounter, encounter.patient)
        # The period is for the payer to judge (its 271 says inactive), so it is not reported twice.
        + encounter_coverage_problems(
            encounter, encounter.patient, encounter.coverages, include_coverage_period=False
        )
    ]
    problems.extend(
        RegistrationProblem(code=problem.code, message=problem.message, field=problem.dotted_path)
        for problem in coverage_order_problems(encounter.coverages, encounter.date_of_service, payer_in_force)
    )
    if not encounter.coverages:
        problems.append(
            RegistrationProblem(
                code="coverage_missing",
                message="no coverage on the encounter; add the insurance card or a self-pay coverage",
                field="coverage_ids",
            )
        )
    for index, coverage in enumerate(encounter.coverages):
        if not coverage.patient_is_subscriber and coverage.subscriber is None:
            problems.append(
                RegistrationProblem(
                    code="subscriber_missing",
                    message="dependent patient: the subscriber's name, birth date and address are needed",
                    field=f"coverage_ids[{index}].subscriber",
                )
            )
    services = encounter.services
    if not services.note_text.strip() and not services.selected_lines:
        problems.append(
            RegistrationProblem(
                code="documentation_missing",
                message="neither a clinical note nor selected codes: coding has nothing to work from",
                field="note_text",
            )
        )
    return problems


def eligibility_problems(
    encounter: Encounter, eligibility: EligibilityResult | None
) -> list[RegistrationProblem]:
    """Problems in the payer's 271 for the billing coverage."""
    coverage = encounter.billing_coverage
    if coverage is None:
        return []
    field = f"coverage_ids[{encounter.coverages.index(coverage)}]"
    if eligibility is None:
        return [
            RegistrationProblem(
                code="eligibility_unavailable", message="eligibility was not verified", field=field
            )
        ]
    if eligibility.status == "member_not_found":
        reason = MEMBER_DATA_REJECTIONS.get(eligibility.reject_reason_code or "", "member not found")
        return [
            RegistrationProblem(
                code="member_not_found",
                message=f"payer could not identify the member: {reason}",
                field=f"{field}.member_id",
            )
        ]
    if not eligibility.active:
        ended = eligibility.coverage_termination_date
        detail = f"coverage ended {ended.isoformat()}" if ended else "coverage is not active"
        return [
            RegistrationProblem(
                code="coverage_inactive",
                message=f"coverage inactive on {eligibility.date_of_service.isoformat()}: {detail}",
                field=field,
            )
        ]
    problems = [
        RegistrationProblem(
            code="service_not_covered",
            message=f"service type {service.service_type_code} not covered: {service.note or 'per payer'}",
            field=field,
        )
        for service in eligibility.uncovered_service_types()
    ]
    needing_auth = [
        code for code in encounter.services.procedure_codes if code in eligibility.prior_auth_required_codes
    ]
    if needing_auth and encounter.prior_authorization_number is None:
        problems.append(
            RegistrationProblem(
                code="prior_auth_missing",
                message=f"payer requires prior authorisation for {', '.join(needing_auth)}; none recorded",
                field="prior_authorization_number",
            )
        )
    return problems


def needs_payer_verification(coverage: Coverage, date_of_service: date) -> bool:
    """Self-pay has no payer to ask; every other coverage gets a 270."""
    found = payer_in_force(coverage.payer_id, date_of_service)
    return found is None or found.payer_type != PayerType.SELF_PAY
