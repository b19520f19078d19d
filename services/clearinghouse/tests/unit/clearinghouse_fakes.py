"""The clearinghouse's use cases on in-memory ports, for millisecond tests of whole workflows.

The submission and remittance adapters are the real ones over the kit's in-memory aggregate store (so the
translation to events and the once-per-cause rule are the production code); the simulated calendar and the
payment ledger (plain Mongo collections in production) are dicts with the same contracts: pointers keyed
"<payment date>|<entry id>", a release record written once per entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from clearinghouse_claims import SUBMITTED_ON, TENANT
from rcm_clearinghouse.adapters.acknowledging_simulator_gateway import AcknowledgingSimulatorGateway
from rcm_clearinghouse.adapters.acknowledgment_facts import PublishedAcknowledgments
from rcm_clearinghouse.adapters.event_translation import submission_from
from rcm_clearinghouse.adapters.remittance_store import RemittanceStore
from rcm_clearinghouse.adapters.stored_aggregates import AggregateReader, StoredAggregate
from rcm_clearinghouse.adapters.submission_documents import SubmissionDocuments
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.claim_intake import ScheduledPayment
from rcm_clearinghouse.service.inbound_files import InboundFiles
from rcm_clearinghouse.service.outcomes import InboundDocuments
from rcm_clearinghouse.service.ports import ClearinghouseGateway, Document, SubmissionReceipt
from rcm_clearinghouse.service.queries import ClearinghouseQueries
from rcm_clearinghouse.service.remittance_release import RemittanceRelease
from rcm_clearinghouse.service.simulated_time import SimulatedTime
from rcm_clearinghouse.service.submission_handling import SubmissionHandling
from rcm_platform.testing.memory import InMemoryAggregateStore, RecordingPublisher
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas.events.claims import ClaimSubmitted


class CalendarInMemory:
    def __init__(self, today: date) -> None:
        self.clock = SimulatedClock(today)

    async def current(self) -> SimulatedClock:
        return SimulatedClock(self.clock.today)

    async def advance(self, days: int) -> SimulatedClock:
        self.clock.advance(days)
        return SimulatedClock(self.clock.today)


def memory_reader(store: InMemoryAggregateStore) -> AggregateReader:
    async def read(aggregate_id: str) -> StoredAggregate | None:
        doc = store.documents.get(aggregate_id)
        return None if doc is None else StoredAggregate(doc.tenant_id, dict(doc.state))

    return read


class PaymentLedgerInMemory:
    def __init__(self, submissions: InMemoryAggregateStore, remittances: InMemoryAggregateStore) -> None:
        self.submissions, self.remittances = submissions, remittances
        self.pointers: dict[str, Document] = {}
        self.release_records: dict[str, Document] = {}

    async def schedule(self, payment: ScheduledPayment) -> None:
        pointer_id = f"{payment.payment_date.isoformat()}|{payment.entry_id}"
        self.pointers.setdefault(
            pointer_id,
            {
                "_id": pointer_id,
                "entry_id": payment.entry_id,
                "claim_id": payment.claim_id,
                "payment_date": payment.payment_date.isoformat(),
            },
        )

    async def due_by(self, day: date) -> list[Document]:
        end = (day + timedelta(days=1)).isoformat()
        return [dict(doc) for key, doc in sorted(self.pointers.items()) if key < end]

    async def released(self, entry_ids: list[str]) -> dict[str, Document]:
        return {i: dict(self.release_records[i]) for i in entry_ids if i in self.release_records}

    async def forget(self, pointer_ids: list[str]) -> None:
        for pointer_id in pointer_ids:
            self.pointers.pop(pointer_id, None)

    async def release_status(self, entry_id: str) -> Document | None:
        return self.release_records.get(entry_id)

    async def mark_remitted(self, entry_ids: list[str], trace_number: str) -> None:
        for entry_id in entry_ids:
            self.release_records.setdefault(
                entry_id, {"_id": entry_id, "outcome": "remitted", "trace_number": trace_number}
            )

    async def supersede(self, original_entry_id: str, by_entry_id: str) -> bool:
        if original_entry_id in self.release_records:
            return False
        self.release_records[original_entry_id] = {
            "_id": original_entry_id,
            "outcome": "superseded",
            "by": by_entry_id,
        }
        return True

    async def claim_documents(self, claim_ids: list[str]) -> dict[str, Document]:
        found = {i: self.submissions.documents.get(i) for i in claim_ids}
        return {
            i: {"_id": i, "state": dict(doc.state), "tenant_id": doc.tenant_id}
            for i, doc in found.items()
            if doc is not None
        }

    async def remittance_entries(self, traces: list[str]) -> dict[str, list[str]]:
        found = {trace: self.remittances.documents.get(trace) for trace in traces}
        return {trace: list(doc.state["entry_ids"]) for trace, doc in found.items() if doc is not None}


@dataclass
class CountingGateway:
    """The simulator's gateway, counting what reached it (a redelivery must not)."""

    inner: ClearinghouseGateway
    submitted: list[str] = field(default_factory=list)

    async def submit(self, submission_id: str, x12_837p: str) -> SubmissionReceipt:
        self.submitted.append(submission_id)
        return await self.inner.submit(submission_id, x12_837p)

    async def poll(self) -> InboundDocuments:
        return await self.inner.poll()

    async def done(self, files: Sequence[str]) -> None:
        await self.inner.done(files)


class Clearinghouse:
    """The clearinghouse's use cases wired as app.py wires them, on the in-memory ports."""

    def __init__(
        self, scenario: Scenario, today: date = SUBMITTED_ON, gateway: ClearinghouseGateway | None = None
    ) -> None:
        self.publisher = RecordingPublisher()
        self.submission_store = InMemoryAggregateStore(self.publisher, producer="clearinghouse")
        self.remittance_store = InMemoryAggregateStore(self.publisher, producer="clearinghouse")
        self.calendar = CalendarInMemory(today)
        self.ledger = PaymentLedgerInMemory(self.submission_store, self.remittance_store)
        simulator = AcknowledgingSimulatorGateway(scenario, self.calendar.current)
        self.gateway = CountingGateway(gateway or simulator)
        submissions = SubmissionDocuments(self.submission_store, memory_reader(self.submission_store))
        remittances = RemittanceStore(self.remittance_store, memory_reader(self.remittance_store))
        self.handling = SubmissionHandling(self.gateway, self.calendar, self.ledger, submissions, scenario)
        self.time = SimulatedTime(self.calendar, RemittanceRelease(self.ledger, remittances, scenario))
        self.queries = ClearinghouseQueries(submissions, self.ledger, remittances)
        facts = PublishedAcknowledgments(self.publisher, "clearinghouse")
        self.inbound = InboundFiles(self.gateway, submissions, facts, remittances)

    async def deliver(
        self, event: ClaimSubmitted, *, tenant_id: str = TENANT, event_id: UUID | None = None
    ) -> EventMessage:
        """What the ClaimSubmitted subscriber does with one delivery."""
        message = new_message(event, producer="claims", tenant_id=tenant_id, event_id=event_id)
        await self.handling.receive(submission_from(event), message)
        return message

    async def redeliver(self, message: EventMessage) -> None:
        payload = message.payload
        if not isinstance(payload, ClaimSubmitted):
            raise TypeError(f"not a ClaimSubmitted: {type(payload).__name__}")
        await self.handling.receive(submission_from(payload), message)

    def published(self, event_class: type[Event]) -> list[Event]:
        return self.publisher.events(event_class)

    def state_of(self, claim_id: str) -> Document:
        return dict(self.submission_store.documents[claim_id].state)
