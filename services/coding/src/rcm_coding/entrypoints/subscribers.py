"""Kafka subscribers: each hands the typed payload and its message (the cause) to one use case."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas import EventMessage
from rcm_schemas.events.coding import AssignCodingReview, CompleteCodingReview
from rcm_schemas.events.registration import EncounterRegistered

from rcm_coding.service.encounter_workflow import EncounterCodingWorkflow


def register_subscribers(service: Service, workflow: EncounterCodingWorkflow) -> None:
    @service.consumer.on(EncounterRegistered)
    async def on_encounter_registered(event: EncounterRegistered, message: EventMessage) -> None:
        await workflow.code_registered(event, message)

    @service.consumer.on(AssignCodingReview)
    async def on_assign_coding_review(command: AssignCodingReview, message: EventMessage) -> None:
        await workflow.assign(command, message)

    @service.consumer.on(CompleteCodingReview)
    async def on_complete_coding_review(command: CompleteCodingReview, message: EventMessage) -> None:
        await workflow.complete(command, message)
