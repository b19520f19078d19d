"""Use case behind POST /encounters: check the intake, verify eligibility, store the encounter and its event.

The encounter aggregate and its outcome event (EncounterRegistered, or RegistrationIncomplete with a work
item) are written in one insert; the kit's outbox publishes the event after it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from rcm_platform.ports import Outcome

from rcm_registration.domain.cross_checks import FieldProblem
from rcm_registration.domain.encounter import Encounter, EncounterIntake, note_id_for, work_item_id_for
from rcm_registration.service.encounter_intake import build_encounter, intake_problems
from rcm_registration.service.ports import EligibilityGateway, EncounterStore, RecordIds, ReferenceRecords
from rcm_registration.service.registration import register_encounter

ENCOUNTER_KIND = "enc"


class IntakeRejected(Exception):
    """The intake breaks a cross-object rule: nothing was stored, the caller answers 422."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"{len(problems)} intake problem(s)")
        self.problems = problems


class EncounterAdmission:
    def __init__(
        self,
        records: ReferenceRecords,
        encounters: EncounterStore,
        gateway: EligibilityGateway,
        ids: RecordIds,
        today: Callable[[], date],
    ) -> None:
        self._records = records
        self._encounters = encounters
        self._gateway = gateway
        self._ids = ids
        self._today = today

    async def admit(
        self, intake: EncounterIntake, *, tenant_id: str, idempotency_key: str | None
    ) -> Encounter:
        encounter_id = self._ids.record_id(
            ENCOUNTER_KIND, tenant_id=tenant_id, idempotency_key=idempotency_key
        )
        if idempotency_key is not None:
            # A repeated request answers with the stored encounter, without asking the payer again.
            existing = await self._encounters.get(encounter_id, tenant_id=tenant_id)
            if existing is not None:
                return existing
        encounter = await self._build(intake, tenant_id=tenant_id, encounter_id=encounter_id)
        decision = await register_encounter(
            encounter, self._gateway, work_item_id=work_item_id_for(encounter_id), today=self._today()
        )
        outcome = await self._encounters.create(decision, marker=idempotency_key or encounter_id)
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
        if patient is None or clinic is None or provider is None:  # reported as problems above
            raise IntakeRejected(problems)
        return build_encounter(
            intake,
            tenant_id=tenant_id,
            encounter_id=encounter_id,
            note_id=note_id_for(encounter_id),
            patient=patient,
            clinic=clinic,
            provider=provider,
            coverages=[c for c in coverages if c is not None],
        )
