"""Kafka subscribers: typed event -> domain input -> one use case. Nothing else lives here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

from rcm_platform import PermanentError
from rcm_platform.consumer import EventConsumer
from rcm_schemas import Event, EventMessage
from rcm_schemas.events.claim_details import SetHeldClaimDetails
from rcm_schemas.events.claims import ReleaseHeldClaim, UpdateHeldClaim
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.events.denials import CorrectionRequested
from rcm_x12 import X12BuildError

from rcm_claims.adapters.claim_ids import replacement_claim_id, work_item_id_for
from rcm_claims.adapters.detail_translation import details_correction
from rcm_claims.adapters.encounter_translation import claim_from_encounter
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.adapters.fix_translation import corrections_from_fixes
from rcm_claims.adapters.payer_fact_translation import PAYER_FACT_EVENTS, payer_fact_from
from rcm_claims.adapters.prior_adjudication_translation import ADJUDICATED_EVENTS, prior_adjudication_from
from rcm_claims.adapters.status_follow_up_translation import STATUS_FOLLOW_UP_EVENTS, status_note_from
from rcm_claims.service.claim_workflow import ClaimWorkflow
from rcm_claims.service.held_claim_commands import HeldClaimCommands
from rcm_claims.service.ports import UnknownClaim
from rcm_claims.service.status_notes import note_claim_status

E = TypeVar("E", bound=Event)
Subscriber = Callable[[E, EventMessage], Awaitable[None]]


def permanent_failures(handler: Subscriber[Any]) -> Subscriber[Any]:
    """Failures a retry cannot fix go straight to the DLQ for a person: an event about a claim we never built,
    or a claim whose data cannot be written as X12 (text from another producer with a delimiter or a character
    outside the X12 set; the reason names the element, e.g. NM103, never the value)."""

    @wraps(handler)
    async def guarded(event: Any, message: EventMessage) -> None:
        try:
            await handler(event, message)
        except (UnknownClaim, X12BuildError) as error:
            raise PermanentError(str(error)) from None

    return guarded


def subscribe(
    consumer: EventConsumer, workflow: ClaimWorkflow, held_claims: HeldClaimCommands, fees: ClinicFeeSchedule
) -> None:
    @consumer.on(EncounterCoded)
    @permanent_failures
    async def on_encounter_coded(event: EncounterCoded, message: EventMessage) -> None:
        claim = claim_from_encounter(event, message.envelope.tenant_id, fees)
        await workflow.submit_new_claim(claim, work_item_id_for(claim.claim_id), message)

    @consumer.on(*PAYER_FACT_EVENTS)
    @permanent_failures
    async def on_payer_fact(event: Event, message: EventMessage) -> None:
        fact = payer_fact_from(event)
        await workflow.record_payer_fact(
            fact.claim_id,
            fact.event,
            message,
            details=fact.details,
            payer_claim_control_number=fact.payer_claim_control_number,
        )
        if isinstance(event, ADJUDICATED_EVENTS):
            decision = prior_adjudication_from(event, message.envelope.occurred_at.date())
            await workflow.bill_next_payer(
                decision, event.claim_status_code, message, work_item_id_for, answered_by=event.payer_id
            )

    @consumer.on(*STATUS_FOLLOW_UP_EVENTS)
    @permanent_failures
    async def on_status_follow_up(event: Event, message: EventMessage) -> None:
        note = status_note_from(event)
        await note_claim_status(workflow, note.claim_id, note.event, note.details, message)

    @consumer.on(CorrectionRequested)
    @permanent_failures
    async def on_correction_requested(event: CorrectionRequested, message: EventMessage) -> None:
        await workflow.correct_claim(
            event.claim_id,
            corrections_from_fixes(event.fixes),
            message,
            correction_id=event.correction_id,
            replacement_claim_id=replacement_claim_id(event.claim_id, event.correction_id),
            payer_claim_control_number=event.payer_claim_control_number,
        )

    @consumer.on(UpdateHeldClaim)
    @permanent_failures
    async def on_update_held_claim(command: UpdateHeldClaim, message: EventMessage) -> None:
        corrections = corrections_from_fixes(command.fixes)
        await held_claims.edit_held(
            command.claim_id, command.work_item_id, corrections, command.requested_by, message
        )

    @consumer.on(SetHeldClaimDetails)
    @permanent_failures
    async def on_set_held_claim_details(command: SetHeldClaimDetails, message: EventMessage) -> None:
        corrections = (details_correction(command.details),)
        await held_claims.edit_held(
            command.claim_id, command.work_item_id, corrections, command.requested_by, message
        )

    @consumer.on(ReleaseHeldClaim)
    @permanent_failures
    async def on_release_held_claim(command: ReleaseHeldClaim, message: EventMessage) -> None:
        await held_claims.release_held(
            command.claim_id, command.work_item_id, command.accepted_rule_ids, command.requested_by, message
        )
