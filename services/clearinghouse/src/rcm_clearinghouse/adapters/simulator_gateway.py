"""ClearinghouseGateway over the in-memory PayerSimulator: one process, no store (tests and experiments)."""

from __future__ import annotations

from collections.abc import Sequence

from rcm_clearinghouse.service.outcomes import (
    FileAcknowledgment,
    InboundDocuments,
    RemittanceDocument,
)
from rcm_clearinghouse.service.payer_simulation import PayerSimulator
from rcm_clearinghouse.service.ports import SubmissionReceipt


class SimulatorGateway:
    """Acknowledgments come back in the receipt; remittances when the simulated clock releases them."""

    def __init__(self, simulator: PayerSimulator) -> None:
        self.simulator = simulator
        self._released: list[RemittanceDocument] = []

    async def submit(self, submission_id: str, x12_837p: str) -> SubmissionReceipt:
        return SubmissionReceipt(submission_id, self.simulator.submit(x12_837p))

    def advance_clock(self, days: int = 1) -> list[RemittanceDocument]:
        """Test and demo hook: move simulated time; released 835s are also queued for the next poll."""
        released = self.simulator.advance(days)
        self._released.extend(released)
        return released

    async def poll(self) -> InboundDocuments:
        self._released.extend(self.simulator.release_due())
        released, self._released = self._released, []
        acknowledgments: tuple[FileAcknowledgment, ...] = ()  # already returned by submit()
        return InboundDocuments(file_acknowledgments=acknowledgments, remittances=tuple(released))

    async def done(self, files: Sequence[str]) -> None:
        """Nothing to mark: the simulator hands each document over once."""
