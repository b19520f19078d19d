"""The ClearinghouseGateway port: how the service talks to whoever carries claims to payers.

The simulator answers a submission at once; an SFTP-style clearinghouse answers later through files. Both
fit one shape: submit returns what is known now, poll returns whatever has arrived since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rcm_clearinghouse.service.outcomes import InboundDocuments, SubmissionAcknowledgment


@dataclass(frozen=True)
class SubmissionReceipt:
    """submission_id echoes the caller's id; acknowledgment is None when it will arrive by poll()."""

    submission_id: str
    acknowledgment: SubmissionAcknowledgment | None = None
    file_name: str | None = None


class ClearinghouseGateway(Protocol):
    async def submit(self, submission_id: str, x12_837p: str) -> SubmissionReceipt:
        """Hand one 837P file over; submission_id must be unique and safe as a file name."""
        ...

    async def poll(self) -> InboundDocuments:
        """Acknowledgments and remittances that arrived and are not done yet."""
        ...

    async def done(self, files: Sequence[str]) -> None:
        """What these files said is published: a later poll must not return them again."""
        ...
