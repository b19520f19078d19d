"""Use case behind POST /encounters: check the intake, verify eligibility, store the encounter and its event.

The encounter aggregate and its outcome event (EncounterRegistered, or RegistrationIncomplete with a work
item) are written in one insert; the kit's outbox publishes the event after it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from rcm_platform import Outcome
from rcm_schemas import Event

from rcm_registration.adapters.encounter_repository import EncounterRepository
from rcm_registration.adapters.event_translation import encounter_registered, registration_incomplete
from rcm_registration.adapters.record_ids import record_id, work_item_id_for
from rcm_registration.adapters.record_repository import ReferenceRecords
from rcm_registration.domain.cross_checks import FieldProblem
from rcm_registration.domain.eligibility import EligibilityGateway
from rcm_registration.domain.encounter import Encounter, EncounterIntake
from rcm_registration.service.encounter_intake import build_encounter, intake_problems
from rcm_registration.service.registration import RegistrationDecision, register_encounter


class IntakeRejected(Exception):
    """The intake breaks a cross-object rule: nothing was stored, the caller answers 422."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"{len(problems)} intake problem(s)")
        self.problems = problems


def outcome_events(decision: RegistrationDecision) -> list[Event]:
    if decision.outcome == "registered":
        return [encounter_registered(decision.encounter)]
    if decision.outcome == "incomplete":
        return [registration_incomplete(decision.encounter)]
    return []


class EncounterAdmission:
    def __init__(
        self,
        records: ReferenceRecords,
        encounters: EncounterRepository,
        gateway: EligibilityGateway,
        today: Callable[[], date],
    ) -> None:
        self._records = records
        self._encounters = encounters
        self._gateway = gateway
        self._today = today

    async def admit(
        self, intake: EncounterIntake, *, tenant_id: str, idempotency_key: str | None
    ) -> Encounter:
        encounter_id = record_id("enc", tenant_id=tenant_id, idempotency_key=idempotency_key)
        if idempotency_key is not None:
            # A repeated request answers with the stored encounter, without asking the payer again.
            existing = await self._encounters.get(encounter_id, tenant_id=tenant_id)
            if existing is not None:
                return existing
        encounter = await self._build(intake, tenant_id=tenant_id, encounter_id=encounter_id)
        decision = await register_encounter(
            encounter, self._gateway, work_item_id=work_item_id_for(encounter_id), today=self._today()
        )
        outcome = await self._encounters.create(
            decision.encounter, outcome_events(decision), marker=idempotency_key or encounter_id
        )
        if outcome is Outcome.APPLIED:
            return decision.encounter
        # A concurrent duplicate won the insert; the stored one is the answer.
        stored = await self._encounters.get(encounter_id, tenant_id=tenant_id)
        return stored if stored is not None else decision.encounter

    async def _build(self, intake: EncounterIntake, *, tenant_id: str, encounter_id: str) -> Encounter:
        records = self._records
        # Independent reads by _id: asked together, the request waits for the slowest, not for the sum.
        patient, clinic, provider, coverages = await asyncio.gather(
            records.patients.get(intake.patient_id, tenant_id=tenant_id),
            records.clinics.get(intake.clinic_id, tenant_id=tenant_id),
            records.providers.get(intake.rendering_provider_id, tenant_id=tenant_id),
            asyncio.gather(*(records.coverages.get(c, tenant_id=tenant_id) for c in intake.coverage_ids)),
        )
        # The coverage period is the payer's to judge: a terminated coverage becomes a work item
        # ("coverage inactive") the front desk can fix, not a refused request.
        problems = intake_problems(
            intake,
            patient=patient,
            clinic=clinic,
            provider=provider,
            coverages=coverages,
            include_coverage_period=False,
        )
        if problems:
            raise IntakeRejected(problems)
        assert patient is not None and clinic is not None and provider is not None  # no problems => found
        return build_encounter(
            intake,
            tenant_id=tenant_id,
            encounter_id=encounter_id,
            note_id=f"note-{encounter_id.removeprefix('enc-')}",
            patient=patient,
            clinic=clinic,
            provider=provider,
            coverages=[c for c in coverages if c is not None],
        )
