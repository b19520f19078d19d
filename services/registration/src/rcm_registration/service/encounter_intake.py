"""Turning a validated intake and the records it references into an Encounter aggregate.

The caller (EncounterAdmission) loads patient, clinic, provider and coverages within the tenant, passes None
for any it could not find, refuses the intake if intake_problems returns anything (the route answers 422),
and otherwise builds the encounter.
"""

from __future__ import annotations

from collections.abc import Sequence

from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.cross_checks import (
    FieldProblem,
    encounter_coverage_problems,
    reference_problems,
    visit_problems,
)
from rcm_registration.domain.encounter import DocumentedServices, Encounter, EncounterIntake, VisitDetails
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider
from rcm_registration.domain.visit_detail_checks import visit_detail_problems


def intake_problems(
    intake: EncounterIntake,
    *,
    patient: Patient | None,
    clinic: Clinic | None,
    provider: Provider | None,
    coverages: Sequence[Coverage | None],
    include_coverage_period: bool = True,
) -> list[FieldProblem]:
    """Every cross-object rule for a new encounter, paths relative to the request body."""
    problems = reference_problems(patient, clinic, provider, intake.clinic_id)
    if patient is None:
        return problems
    problems += visit_problems(intake, patient)
    problems += visit_detail_problems(intake, clinic)
    problems += encounter_coverage_problems(
        intake, patient, coverages, include_coverage_period=include_coverage_period
    )
    return problems


def build_encounter(
    intake: EncounterIntake,
    *,
    tenant_id: str,
    encounter_id: str,
    note_id: str,
    patient: Patient,
    clinic: Clinic,
    provider: Provider,
    coverages: Sequence[Coverage],
) -> Encounter:
    """The aggregate, awaiting eligibility, with snapshots of everything it references."""
    return Encounter(
        **intake.model_dump(include=set(VisitDetails.model_fields)),
        tenant_id=tenant_id,
        encounter_id=encounter_id,
        note_id=note_id,
        patient=patient,
        billing_provider=clinic,
        rendering_provider=provider,
        coverages=tuple(coverages),
        services=DocumentedServices.model_validate(
            intake.model_dump(include=set(DocumentedServices.model_fields))
        ),
    )
