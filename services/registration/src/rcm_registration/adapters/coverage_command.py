"""From the front desk's coverage correction to the CorrectCoverage command on the wire (the CoverageCommands
port)."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas.events import CorrectCoverage

from rcm_registration.adapters.correction_command import wire_corrected_coverage
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.encounter import Encounter


class PublishedCoverageCorrections:
    """Publishes the command through the service; the encounter's writer (our own consumer) applies it.

    With an Idempotency-Key the command's id is derived from it, so a retried request is applied once."""

    def __init__(self, service: Service) -> None:
        self._service = service

    async def send(
        self,
        encounter: Encounter,
        coverage: CoverageDetails,
        *,
        requested_by: str,
        idempotency_key: str | None,
    ) -> str:
        command = CorrectCoverage(
            encounter_id=encounter.encounter_id,
            requested_by=requested_by,
            coverage=wire_corrected_coverage(coverage, encounter),
        )
        published = await self._service.publish(
            command, tenant_id=encounter.tenant_id, idempotency_key=idempotency_key
        )
        return str(published)
