"""Kafka subscribers: translate the wire message and call the use case; nothing else."""

from __future__ import annotations

from typing import TypeVar

from rcm_platform import PermanentError, Service
from rcm_schemas import Event, EventMessage
from rcm_schemas.events.coding import AssignCodingReview, CompleteCodingReview
from rcm_schemas.events.registration import EncounterRegistered

from rcm_coding.service.encounter_workflow import EncounterCodingWorkflow

T = TypeVar("T", bound=Event)


def _payload(message: EventMessage, expected: type[T]) -> T:
    if not isinstance(message.payload, expected):
        raise PermanentError(f"expected {expected.__name__}, got {type(message.payload).__name__}")
    return message.payload


def register_subscribers(service: Service, workflow: EncounterCodingWorkflow) -> None:
    @service.consumer.on("EncounterRegistered", topic="rcm.registration.events")
    async def on_encounter_registered(message: EventMessage) -> None:
        await workflow.code_registered(message, _payload(message, EncounterRegistered))

    @service.consumer.on("AssignCodingReview", topic="rcm.coding.commands")
    async def on_assign_coding_review(message: EventMessage) -> None:
        await workflow.assign(message, _payload(message, AssignCodingReview))

    @service.consumer.on("CompleteCodingReview", topic="rcm.coding.commands")
    async def on_complete_coding_review(message: EventMessage) -> None:
        await workflow.complete(message, _payload(message, CompleteCodingReview))
