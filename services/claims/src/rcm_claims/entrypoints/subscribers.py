"""Kafka subscribers: wire event -> domain input -> one workflow call. Nothing else lives here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import TypeVar

from rcm_platform import PermanentError, Service
from rcm_schemas import Event, EventMessage
from rcm_schemas.events.claims import ReleaseHeldClaim, UpdateHeldClaim
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.events.denials import CorrectionRequested

from rcm_claims.adapters.claim_ids import replacement_claim_id, work_item_id_for
from rcm_claims.adapters.encounter_translation import claim_from_encounter
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.adapters.fix_translation import corrections_from_fixes
from rcm_claims.adapters.payer_fact_translation import PAYER_FACT_EVENTS, payer_fact_from
from rcm_claims.service.claim_workflow import ClaimWorkflow
from rcm_claims.service.held_claim_commands import HeldClaimCommands
from rcm_claims.service.ports import UnknownClaim

PAYER_FACT_TOPICS = {
    "ClaimAcknowledged": "rcm.clearinghouse.events",
    "ClaimRejected": "rcm.clearinghouse.events",
    "ClaimPaid": "rcm.remittance.events",
    "ClaimPartiallyPaid": "rcm.remittance.events",
    "ClaimDenied": "rcm.remittance.events",
    "ClaimReversed": "rcm.remittance.events",
}
E = TypeVar("E", bound=Event)


def payload_of(message: EventMessage, kind: type[E]) -> E:
    if not isinstance(message.payload, kind):
        raise PermanentError(f"expected {kind.__name__}, got {type(message.payload).__name__}")
    return message.payload


def unknown_claim_is_permanent(
    handler: Callable[[EventMessage], Awaitable[None]],
) -> Callable[[EventMessage], Awaitable[None]]:
    """An event about a claim we never built will not succeed on a retry: straight to the DLQ for a person."""

    @wraps(handler)
    async def guarded(message: EventMessage) -> None:
        try:
            await handler(message)
        except UnknownClaim as error:
            raise PermanentError(str(error)) from None

    return guarded


def register_subscribers(service: Service, workflow: ClaimWorkflow, fees: ClinicFeeSchedule) -> None:
    held_claims = HeldClaimCommands(workflow)

    @service.consumer.on("EncounterCoded", topic="rcm.coding.events")
    async def on_encounter_coded(message: EventMessage) -> None:
        event = payload_of(message, EncounterCoded)
        claim = claim_from_encounter(event, message.envelope.tenant_id, fees)
        await workflow.submit_new_claim(claim, work_item_id_for(claim.claim_id), message)

    @unknown_claim_is_permanent
    async def on_payer_fact(message: EventMessage) -> None:
        fact = payer_fact_from(message.payload)
        await workflow.record_payer_fact(
            fact.claim_id,
            fact.event,
            message,
            details=fact.details,
            payer_claim_control_number=fact.payer_claim_control_number,
        )

    for event_type in PAYER_FACT_EVENTS:
        service.consumer.on(event_type, topic=PAYER_FACT_TOPICS[event_type])(on_payer_fact)

    @service.consumer.on("CorrectionRequested", topic="rcm.denials.events")
    @unknown_claim_is_permanent
    async def on_correction_requested(message: EventMessage) -> None:
        event = payload_of(message, CorrectionRequested)
        await workflow.correct_claim(
            event.claim_id,
            corrections_from_fixes(event.fixes),
            message,
            correction_id=event.correction_id,
            replacement_claim_id=replacement_claim_id(event.claim_id, event.correction_id),
            payer_claim_control_number=event.payer_claim_control_number,
        )

    @service.consumer.on("UpdateHeldClaim", topic="rcm.claims.commands")
    @unknown_claim_is_permanent
    async def on_update_held_claim(message: EventMessage) -> None:
        command = payload_of(message, UpdateHeldClaim)
        await held_claims.edit_held(
            command.claim_id,
            command.work_item_id,
            corrections_from_fixes(command.fixes),
            command.requested_by,
            message,
        )

    @service.consumer.on("ReleaseHeldClaim", topic="rcm.claims.commands")
    @unknown_claim_is_permanent
    async def on_release_held_claim(message: EventMessage) -> None:
        command = payload_of(message, ReleaseHeldClaim)
        await held_claims.release_held(
            command.claim_id, command.work_item_id, command.accepted_rule_ids, command.requested_by, message
        )
