"""Translators from the registration aggregate to the rcm_schemas events it publishes.

Kept apart from the domain so a change in the published events touches this file only (the
CorrectRegistration command is written in correction_command.py, read in service/correction_handling.py).
"""

from __future__ import annotations

from typing import Any

from rcm_schemas import Event
from rcm_schemas.events import (
    BillingProvider,
    EligibilitySummary,
    EncounterCoverageCorrected,
    EncounterFacts,
    EncounterLine,
    EncounterRegistered,
    OtherCoverage,
    PersonDemographics,
    PostalAddress,
    ProviderReference,
    RegistrationIncomplete,
    RegistrationProblem,
    RelatedCauses,
    RenderingProvider,
    ServiceSite,
)
from rcm_schemas.events import Coverage as WireCoverage

from rcm_registration.domain import people
from rcm_registration.domain.claim_details import OutsideProvider
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.eligibility import EligibilityResult
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.payer_lookup import payer_in_force
from rcm_registration.domain.registration_decision import RegistrationDecision


def wire_address(address: people.PostalAddress) -> PostalAddress:
    return PostalAddress.model_validate(address.model_dump())


def wire_person(person: people.PersonDemographics) -> PersonDemographics:
    # Only what the 837P needs: the phone number and our ids stay in registration (less PHI on the wire).
    fields = person.model_dump(include={"first_name", "last_name", "middle_name", "birth_date", "sex"})
    return PersonDemographics(**fields, address=wire_address(person.address))


def eligibility_summary(result: EligibilityResult) -> EligibilitySummary:
    return EligibilitySummary(
        active=result.active,
        checked_on=result.checked_on,
        plan_name=result.plan_name,
        copay=result.copay,
        coinsurance_percent=int(result.coinsurance_percent)
        if result.coinsurance_percent is not None
        else None,
        deductible_remaining=result.deductible_remaining,
        prior_auth_required_codes=result.prior_auth_required_codes,
        service_type_covered=result.service_types_covered,
    )


def wire_coverage(coverage: Coverage, encounter: Encounter) -> WireCoverage:
    found = payer_in_force(coverage.payer_id, encounter.date_of_service)
    eligibility = encounter.eligibility
    return WireCoverage(
        payer_id=coverage.payer_id,
        payer_name=found.name if found else coverage.payer_id,
        coverage_order=coverage.coverage_order,
        # Self-pay has no member id; the patient id stands in so the claim still names whom to bill.
        member_id=coverage.member_id or encounter.patient.patient_id,
        group_number=coverage.group_number,
        plan_name=eligibility.plan_name if eligibility else None,
        relationship_code=coverage.relationship_code,
        subscriber=None
        if coverage.patient_is_subscriber or coverage.subscriber is None
        else wire_person(coverage.subscriber),
    )


def encounter_facts(encounter: Encounter) -> EncounterFacts:
    coverage = encounter.billing_coverage
    if coverage is None or encounter.eligibility is None:
        raise ValueError("only a registered encounter (coverage and eligibility) has facts to publish")
    clinic, provider = encounter.billing_provider, encounter.rendering_provider
    return EncounterFacts(
        clinic_id=clinic.clinic_id,
        billing_provider=BillingProvider(
            npi=clinic.npi,
            tax_id=clinic.tax_id,
            organization_name=clinic.organization_name,
            taxonomy_code=clinic.taxonomy_code,
            practice_address=wire_address(clinic.practice_address),
        ),
        rendering_provider=RenderingProvider(
            npi=provider.npi,
            provider_last_name=provider.provider_last_name,
            provider_first_name=provider.provider_first_name,
            taxonomy_code=provider.taxonomy_code,
        ),
        coverage=wire_coverage(coverage, encounter),
        other_coverages=tuple(
            OtherCoverage(
                payer_id=other.payer_id, coverage_order=other.coverage_order, member_id=other.member_id
            )
            for other in encounter.coverages
            if other is not coverage and other.member_id
        ),
        patient=wire_person(encounter.patient),
        date_of_service=encounter.date_of_service,
        place_of_service=encounter.place_of_service,
        telehealth=encounter.telehealth,
        telehealth_mode=encounter.telehealth_mode,
        patient_location=encounter.patient_location,
        prior_authorization_number=encounter.prior_authorization_number,
        eligibility=eligibility_summary(encounter.eligibility),
        **claim_detail_facts(encounter),
    )


def claim_detail_facts(encounter: Encounter) -> dict[str, Any]:
    """The v2 EncounterFacts fields: the visit's 837P details, the clinic's CLIA and the site's snapshot."""
    site = encounter.billing_provider.site(encounter.service_site_id) if encounter.service_site_id else None
    causes = encounter.related_causes
    return {
        "referring_provider": wire_provider(encounter.referring_provider),
        "supervising_provider": wire_provider(encounter.supervising_provider),
        "service_site": None
        if site is None
        else ServiceSite(
            site_name=site.site_name, site_address=wire_address(site.site_address), npi=site.npi
        ),
        "clia_number": encounter.billing_provider.clia_number,
        "related_causes": None if causes is None else RelatedCauses.model_validate(causes.model_dump()),
        "onset_date": encounter.onset_date,
        "delay_reason_code": encounter.delay_reason_code,
        "amount_paid_at_visit": encounter.amount_paid_at_visit,
    }


def wire_provider(provider: OutsideProvider | None) -> ProviderReference | None:
    return None if provider is None else ProviderReference.model_validate(provider.model_dump())


def encounter_registered(encounter: Encounter) -> EncounterRegistered:
    services = encounter.services
    return EncounterRegistered(
        encounter_id=encounter.encounter_id,
        patient_id=encounter.patient.patient_id,
        facts=encounter_facts(encounter),
        selected_diagnoses=services.selected_diagnoses,
        selected_lines=tuple(
            EncounterLine(line_number=number, **line.model_dump())
            for number, line in enumerate(services.selected_lines, start=1)
        ),
        note_id=encounter.note_id,
        note_text=services.note_text,
    )


def outcome_events(decision: RegistrationDecision) -> list[Event]:
    """The event a registration decision publishes: none for an unchanged encounter."""
    if decision.outcome == "registered":
        return [encounter_registered(decision.encounter)]
    if decision.outcome == "incomplete":
        return [registration_incomplete(decision.encounter)]
    if decision.outcome == "coverage_corrected":
        return [encounter_coverage_corrected(decision)]
    return []


def encounter_coverage_corrected(decision: RegistrationDecision) -> EncounterCoverageCorrected:
    """The corrected coverage and the payer's answer; no other patient data (denials and claims need no more)."""
    encounter = decision.encounter
    coverage = encounter.billing_coverage
    if coverage is None or encounter.eligibility is None or not decision.correction_id:
        raise ValueError("a coverage correction is published with its coverage, 271 and command")
    return EncounterCoverageCorrected(
        encounter_id=encounter.encounter_id,
        correction_id=decision.correction_id,
        corrected_by=decision.corrected_by,
        coverage=wire_coverage(coverage, encounter),
        eligibility=eligibility_summary(encounter.eligibility),
    )


def registration_incomplete(encounter: Encounter) -> RegistrationIncomplete:
    if encounter.work_item_id is None or not encounter.problems:
        raise ValueError("only an incomplete encounter (work item and problems) is published as incomplete")
    return RegistrationIncomplete(
        encounter_id=encounter.encounter_id,
        patient_id=encounter.patient.patient_id,
        work_item_id=encounter.work_item_id,
        problems=tuple(
            RegistrationProblem.model_validate(problem.model_dump()) for problem in encounter.problems
        ),
        eligibility=eligibility_summary(encounter.eligibility) if encounter.eligibility else None,
    )
