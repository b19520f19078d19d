"""Use case behind the CorrectRegistration command: fix an incomplete encounter, re-verify, maybe register.

Runs in the registration consumer, the encounter's only writer after its creation, inside the store's
once-per-cause write: the eligibility inquiry happens there, so a redelivered command (already marked as
processed) never asks the payer again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import structlog
from rcm_platform.errors import PermanentError
from rcm_schemas import EventMessage
from rcm_schemas.events import CorrectRegistration

from rcm_registration.domain import people
from rcm_registration.domain.correction import RegistrationCorrection
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.registration_decision import RegistrationDecision
from rcm_registration.service.ports import EligibilityGateway, EncounterStore
from rcm_registration.service.registration import correct_registration

log = structlog.get_logger("rcm.registration.corrections")


class CorrectionHandling:
    def __init__(
        self, encounters: EncounterStore, gateway: EligibilityGateway, today: Callable[[], date]
    ) -> None:
        self._encounters = encounters
        self._gateway = gateway
        self._today = today

    async def apply(self, command: CorrectRegistration, message: EventMessage) -> None:
        command_id = str(message.envelope.event_id)
        tenant_id = message.envelope.tenant_id

        async def decide(current: Encounter | None) -> RegistrationDecision | None:
            if current is None:
                raise PermanentError("no such encounter")
            if current.tenant_id != tenant_id:
                # A command naming another tenant's encounter is refused, never applied.
                raise PermanentError("the command's tenant does not own the encounter")
            correction = correction_from_command(command, command_id=command_id, current=current)
            decision = await correct_registration(current, correction, self._gateway, today=self._today())
            log.info("correction decided", outcome=decision.outcome, reason=decision.reason or None)
            return None if decision.outcome == "unchanged" else decision

        await self._encounters.apply(command.encounter_id, message, decide)


def correction_from_command(
    command: CorrectRegistration, *, command_id: str, current: Encounter
) -> RegistrationCorrection:
    """The wire command carries no coverage dates, so a corrected coverage keeps the dates on file for it."""
    coverage = None
    if command.coverage is not None:
        wire = command.coverage
        on_file = next((c for c in current.coverages if c.coverage_order == wire.coverage_order), None)
        coverage = CoverageDetails(
            payer_id=wire.payer_id,
            member_id=wire.member_id,
            group_number=wire.group_number,
            coverage_order=wire.coverage_order,
            relationship_code=wire.relationship_code,
            subscriber=people.PersonDemographics.model_validate(wire.subscriber.model_dump())
            if wire.subscriber
            else None,
            effective_date=on_file.effective_date if on_file else current.date_of_service,
            termination_date=None,
        )
    return RegistrationCorrection(
        command_id=command_id,
        work_item_id=command.work_item_id,
        requested_by=command.requested_by,
        coverage=coverage,
        patient=people.PersonDemographics.model_validate(command.patient.model_dump())
        if command.patient
        else None,
        date_of_service=command.date_of_service,
        prior_authorization_number=command.prior_authorization_number,
    )
