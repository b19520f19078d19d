"""What the clearinghouse's use cases need from the outside world.

The adapters implement these over Mongo, Kafka and folders; the unit tests over dicts (tests/unit/fakes.py).
Documents are plain dicts as stored: the per-claim submission state and the release ledger's records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from rcm_platform.ports import State
from rcm_schemas import EventMessage

from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.claim_intake import IntakePlan, ScheduledPayment, Submission
from rcm_clearinghouse.service.outcomes import (
    ClaimAcknowledgmentOutcome,
    FileAcknowledgment,
    InboundDocuments,
    RemittanceDocument,
    SentClaim,
    SubmissionAcknowledgment,
)

Document = dict[str, Any]


@dataclass(frozen=True)
class SubmissionReceipt:
    """submission_id echoes the caller's id; acknowledgment is None when it will arrive by poll()."""

    submission_id: str
    acknowledgment: SubmissionAcknowledgment | None = None
    file_name: str | None = None


class ClearinghouseGateway(Protocol):
    """Whoever carries claims to payers.

    The simulator answers a submission at once; an SFTP-style clearinghouse answers later through files. Both
    fit one shape: submit returns what is known now, poll returns whatever has arrived since.
    """

    async def submit(self, submission_id: str, x12_837p: str) -> SubmissionReceipt:
        """Hand one 837P file over; submission_id must be unique and safe as a file name."""
        ...

    async def poll(self) -> InboundDocuments:
        """Acknowledgments and remittances that arrived and are not done yet."""
        ...

    async def done(self, files: Sequence[str]) -> None:
        """What these files said is published: a later poll must not return them again."""
        ...


class SimulatedCalendar(Protocol):
    """The simulator's "today", shared by every instance; it only moves forward."""

    async def current(self) -> SimulatedClock: ...

    async def advance(self, days: int) -> SimulatedClock: ...


class Submissions(Protocol):
    """One document per claim id (its acknowledgments and adjudications), written once per ClaimSubmitted."""

    async def handled_before(self, claim_id: str, cause: EventMessage) -> bool:
        """True when this ClaimSubmitted was applied already; what it left unpublished is published again."""
        ...

    async def load(self, claim_id: str) -> State | None: ...

    async def record(self, submission: Submission, cause: EventMessage, plan: IntakePlan) -> None:
        """Store the plan's state and publish its acknowledgment events, once per cause."""
        ...

    async def record_state(self, claim_id: str, cause: EventMessage, state: State) -> None:
        """Store the claim's new state for a cause that publishes nothing (an answered appeal), once."""
        ...

    async def of_tenant(self, claim_id: str, tenant_id: str) -> State | None:
        """The claim's state; another tenant's claim is None, like a missing one."""
        ...

    async def sent_claim(self, claim_id: str) -> SentClaim | None:
        """Whose claim this is and in which interchange it went out (None: not a claim we sent)."""
        ...


class PaymentScheduler(Protocol):
    async def schedule(self, payment: ScheduledPayment) -> None:
        """Idempotent: scheduling the same adjudication again keeps one pointer."""
        ...


class PaymentLedger(PaymentScheduler, Protocol):
    """The payment calendar (pointers by payment day) and the record of what was released, and how."""

    async def due_by(self, day: date) -> list[Document]: ...
    async def released(self, entry_ids: list[str]) -> dict[str, Document]: ...
    async def forget(self, pointer_ids: list[str]) -> None: ...
    async def release_status(self, entry_id: str) -> Document | None: ...
    async def mark_remitted(self, entry_ids: list[str], trace_number: str) -> None: ...
    async def supersede(self, original_entry_id: str, by_entry_id: str) -> bool: ...
    async def claim_documents(self, claim_ids: list[str]) -> dict[str, Document]:
        """The submission documents ({"state", "tenant_id"}) of these claims, by claim id."""
        ...

    async def remittance_entries(self, traces: list[str]) -> dict[str, list[str]]:
        """The adjudication entries each stored 835 holds, by trace number (stored 835s only)."""
        ...


class Remittances(Protocol):
    """835s keyed by their trace number: the unique insert that makes a release idempotent."""

    async def record(self, document: RemittanceDocument, tenant_id: str, entry_ids: list[str]) -> None:
        """Store the 835 under its trace number and publish RemittanceReceived, exactly once."""
        ...

    async def x12_835(self, trace_number: str, tenant_id: str) -> str | None:
        """The 835 text; another tenant's remittance is None, like a missing one."""
        ...


class AcknowledgmentFacts(Protocol):
    """Publishes what a remote clearinghouse answered (file drop) under the given event ids."""

    async def file_rejected(self, file: FileAcknowledgment, sent: SentClaim, event_id: UUID) -> None: ...

    async def claim_outcome(
        self, outcome: ClaimAcknowledgmentOutcome, sent: SentClaim, event_id: UUID
    ) -> None: ...
