"""Use case behind the CorrectRegistration command: fix an incomplete encounter, re-verify, maybe register.

Runs in the registration consumer, the encounter's only writer after its creation, as the `decide` of the
aggregate store: the eligibility inquiry happens inside it so a redelivered command (already marked as
processed) never asks the payer again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import structlog
from rcm_platform import Decision, PermanentError
from rcm_schemas import EventMessage
from rcm_schemas.events import CorrectRegistration

from rcm_registration.adapters.encounter_repository import encounter_document, encounter_from_document
from rcm_registration.adapters.event_translation import correction_from_command
from rcm_registration.domain.eligibility import EligibilityGateway
from rcm_registration.service.encounter_admission import outcome_events
from rcm_registration.service.registration import correct_registration

log = structlog.get_logger("rcm.registration.corrections")


class CorrectionHandling:
    def __init__(self, gateway: EligibilityGateway, today: Callable[[], date]) -> None:
        self._gateway = gateway
        self._today = today

    def decide_for(self, message: EventMessage) -> Callable[[dict[str, Any] | None], Any]:
        command = message.payload
        if not isinstance(command, CorrectRegistration):
            raise PermanentError(f"expected CorrectRegistration, got {type(command).__name__}")
        command_id = str(message.envelope.event_id)
        tenant_id = message.envelope.tenant_id

        async def decide(state: dict[str, Any] | None) -> Decision | None:
            if state is None:
                raise PermanentError("no such encounter")
            current = encounter_from_document(state)
            if current.tenant_id != tenant_id:
                # A command naming another tenant's encounter is refused, never applied.
                raise PermanentError("the command's tenant does not own the encounter")
            correction = correction_from_command(command, command_id=command_id, current=current)
            decision = await correct_registration(current, correction, self._gateway, today=self._today())
            log.info("correction decided", outcome=decision.outcome, reason=decision.reason or None)
            if decision.outcome == "unchanged":
                return None
            return Decision(encounter_document(decision.encounter), outcome_events(decision))

        return decide
