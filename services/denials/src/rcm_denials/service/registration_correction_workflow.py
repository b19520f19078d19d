"""Use case for EncounterCoverageCorrected: the front desk fixed a registered encounter's coverage after (or
before) a payer denied its claim for coverage. The claim is rebilled with the new coverage through claims.

This runs in the encounter's partition, so it writes only what is keyed by the encounter (the correction on
file); a claim's case belongs to the claim's partition, so its owner is sent a command: ResolveDenial
"corrected" with the coverage as the fix (the front desk's resolution of the work item, C's rebill path). A
denial that comes after the correction finds it on file at intake (see DenialIntakeWorkflow.denied).
"""

from __future__ import annotations

from typing import Protocol

from rcm_schemas import EventMessage
from rcm_schemas.events.denials import ResolveDenial
from rcm_schemas.events.fixes import UpdateRegistrationData
from rcm_schemas.events.registration import EncounterCoverageCorrected

from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.domain.registration_corrections import CoverageCorrection, awaits_registration_fix
from rcm_denials.service.ports import CommandSender


class CoverageCorrectionsOnFile(Protocol):
    """The latest coverage correction of each encounter, written by this workflow only."""

    async def record(self, correction: CoverageCorrection, cause: EventMessage) -> None: ...

    async def on_file(self, *, tenant_id: str, encounter_id: str) -> CoverageCorrection | None: ...


class CasesOfEncounters(Protocol):
    async def cases_of_encounter(self, tenant_id: str, encounter_id: str) -> list[DenialCase]:
        """The denial cases of the encounter's claims (read side: the owners decide on their own copy)."""
        ...


def correction_of(event: EncounterCoverageCorrected) -> CoverageCorrection:
    return CoverageCorrection(
        encounter_id=event.encounter_id,
        correction_id=event.correction_id,
        corrected_by=event.corrected_by,
        payer_id=event.coverage.payer_id,
        coverage_json=event.coverage.model_dump_json(),
    )


class RegistrationCorrectionWorkflow:
    def __init__(
        self, on_file: CoverageCorrectionsOnFile, cases: CasesOfEncounters, commands: CommandSender
    ) -> None:
        self.on_file = on_file
        self.cases = cases
        self.commands = commands

    async def coverage_corrected(self, event: EncounterCoverageCorrected, cause: EventMessage) -> None:
        tenant_id = cause.envelope.tenant_id
        # Recorded first: a denial handled from now on finds it, whichever of the two the broker delivers first.
        await self.on_file.record(correction_of(event), cause)
        for case in await self.cases.cases_of_encounter(tenant_id, event.encounter_id):
            if not awaits_registration_fix(case) or case.work_item is None:
                continue
            resolution = ResolveDenial(
                claim_id=case.claim_id,
                work_item_id=case.work_item.work_item_id,
                resolution="corrected",
                fixes=(UpdateRegistrationData(coverage=event.coverage),),
                requested_by=event.corrected_by,
            )
            # The key makes a redelivered correction send the same command id, which the case applies once.
            await self.commands.publish(
                resolution,
                tenant_id=tenant_id,
                idempotency_key=f"coverage-corrected:{event.correction_id}:{case.claim_id}",
                correlation_id=cause.envelope.correlation_id,
            )
