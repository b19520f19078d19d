"""Kafka subscribers: the registration commands this service applies to its encounter aggregates."""

from __future__ import annotations

from rcm_platform import AggregateStore, Service
from rcm_schemas import EventMessage
from rcm_schemas.events import CorrectRegistration

from rcm_registration.service.correction_handling import CorrectionHandling


def subscribe_commands(service: Service, encounters: AggregateStore, corrections: CorrectionHandling) -> None:
    @service.consumer.on("CorrectRegistration", topic="rcm.registration.commands")
    async def on_correct_registration(message: EventMessage) -> None:
        command = message.payload
        assert isinstance(command, CorrectRegistration)  # the consumer dispatches by event type
        await encounters.handle(command.encounter_id, message, corrections.decide_for(message))
