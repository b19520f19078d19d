"""Kafka subscribers: the registration commands this service applies to its encounter aggregates."""

from __future__ import annotations

from rcm_platform.consumer import EventConsumer
from rcm_schemas import EventMessage
from rcm_schemas.events import CorrectCoverage, CorrectRegistration

from rcm_registration.service.correction_handling import CorrectionHandling
from rcm_registration.service.coverage_correction import CoverageCorrections


def subscribe_commands(
    consumer: EventConsumer, corrections: CorrectionHandling, coverage_corrections: CoverageCorrections
) -> None:
    @consumer.on(CorrectRegistration)
    async def on_correct_registration(command: CorrectRegistration, message: EventMessage) -> None:
        await corrections.apply(command, message)

    @consumer.on(CorrectCoverage)
    async def on_correct_coverage(command: CorrectCoverage, message: EventMessage) -> None:
        await coverage_corrections.apply(command, message)
