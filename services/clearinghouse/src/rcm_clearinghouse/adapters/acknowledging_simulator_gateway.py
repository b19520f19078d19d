"""ClearinghouseGateway of the running service: the simulator's 999/277CA answer, on the persisted clock.

Unlike SimulatorGateway (in-memory, for a single process and unit tests), it keeps no state: the service
stores each adjudication in the claim's document and releases 835s from there, so poll() has nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.outcomes import InboundDocuments
from rcm_clearinghouse.service.payer_simulation import acknowledge_submission
from rcm_clearinghouse.service.ports import SubmissionReceipt


class AcknowledgingSimulatorGateway:
    def __init__(self, scenario: Scenario, clock: Callable[[], Awaitable[SimulatedClock]]) -> None:
        self.scenario = scenario
        self.clock = clock

    async def submit(self, submission_id: str, x12_837p: str) -> SubmissionReceipt:
        acknowledgment = acknowledge_submission(x12_837p, await self.clock(), self.scenario)
        return SubmissionReceipt(submission_id, acknowledgment)

    async def poll(self) -> InboundDocuments:
        return InboundDocuments()

    async def done(self, files: Sequence[str]) -> None:
        """Nothing to mark: the simulator hands each document over once."""
