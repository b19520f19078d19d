"""In-memory implementations of the denials service's ports, wired to its use cases and real subscribers.

The cases live in the kit's InMemoryAggregateStore (the same contract as the Mongo store); messages go
through the kit's EventConsumer with the service's own subscribers, so a test covers the typed dispatch,
the translation in adapters/incoming_events and the DLQ, minus the broker.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from rcm_denials.adapters.coverage_corrections import StoredCoverageCorrections
from rcm_denials.domain.billing_models import BillingModel, TenantBillingConfig
from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.entrypoints.subscribers import register_subscribers
from rcm_denials.service.case_documents import case_of, context_of
from rcm_denials.service.intake_workflow import DenialIntakeWorkflow
from rcm_denials.service.registration_correction_workflow import RegistrationCorrectionWorkflow
from rcm_denials.service.worklist_workflow import WorklistWorkflow
from rcm_platform.consumer import EventConsumer
from rcm_platform.dlq import DLQ_HEADER_PREFIX
from rcm_platform.http import command_id
from rcm_platform.metrics import ServiceMetrics
from rcm_platform.testing.memory import InMemoryAggregateStore, RecordingPublisher
from rcm_schemas import Event, EventMessage, encode, headers_for, new_message, topic_for

TENANT = "clinic-a"
E = TypeVar("E", bound=Event)


class InMemoryLedger:
    """service.ports.ClaimLedger over sets: remitted once per claim and month, submitted once per claim."""

    def __init__(self) -> None:
        self.remitted: set[tuple[str, str, str]] = set()
        self.submitted: dict[tuple[str, str], tuple[str, int, str | None]] = {}

    async def record_remitted(self, *, tenant_id: str, claim_id: str, month: str) -> None:
        self.remitted.add((tenant_id, claim_id, month))

    async def record_submitted(
        self,
        *,
        tenant_id: str,
        claim_id: str,
        month: str,
        charge_cents: int,
        original_claim_id: str | None = None,
    ) -> None:
        self.submitted.setdefault((tenant_id, claim_id), (month, charge_cents, original_claim_id))

    async def original_of(self, *, tenant_id: str, claim_id: str) -> str | None:
        found = self.submitted.get((tenant_id, claim_id))
        return None if found is None else found[2]

    async def remitted_count(self, tenant_id: str, month: str) -> int:
        return sum(1 for t, _, m in self.remitted if (t, m) == (tenant_id, month))

    async def submitted_by_month(self, tenant_id: str) -> dict[str, tuple[int, int]]:
        totals: dict[str, tuple[int, int]] = {}
        for (tenant, _), (month, cents, _) in self.submitted.items():
            if tenant == tenant_id:
                count, total = totals.get(month, (0, 0))
                totals[month] = (count + 1, total + cents)
        return totals


class InMemoryBillingModels:
    """service.ports.BillingModels over a dict; a tenant never configured works every queue in-house."""

    def __init__(self) -> None:
        self.configs: dict[str, TenantBillingConfig] = {}

    async def get(self, tenant_id: str) -> TenantBillingConfig:
        return self.configs.get(tenant_id) or TenantBillingConfig(
            tenant_id=tenant_id, billing_model=BillingModel.IN_HOUSE
        )

    async def put(self, config: TenantBillingConfig) -> None:
        self.configs[config.tenant_id] = config


class InMemoryLetters:
    """service.ports.AppealLetters over a dict keyed by the letter's document id."""

    def __init__(self) -> None:
        self.saved: dict[str, dict[str, Any]] = {}

    async def save(self, *, letter_document_id: str, created_at: datetime, **fields: str) -> None:
        self.saved[letter_document_id] = {**fields, "created_at": created_at}

    async def get(self, letter_document_id: str) -> dict[str, Any] | None:
        return self.saved.get(letter_document_id)


@dataclass
class RecordingCommands:
    """service.ports.CommandSender as Service.publish does it, onto the recording publisher."""

    publisher: RecordingPublisher

    async def publish(
        self,
        event: Event,
        *,
        tenant_id: str,
        idempotency_key: str | None = None,
        correlation_id: UUID | None = None,
    ) -> UUID:
        message = new_message(
            event,
            producer="denials",
            tenant_id=tenant_id,
            correlation_id=correlation_id,
            event_id=command_id(tenant_id, event, idempotency_key),
        )
        await self.publisher.publish(message)
        return message.envelope.event_id


@dataclass
class InMemoryCaseQueries:
    """DenialCaseQueries.cases_of_encounter over the in-memory case store."""

    cases: InMemoryAggregateStore

    async def cases_of_encounter(self, tenant_id: str, encounter_id: str) -> list[DenialCase]:
        return [
            case
            for doc in self.cases.documents.values()
            if (case := case_of(doc.state)) is not None
            and doc.tenant_id == tenant_id
            and context_of(doc.state).encounter_id == encounter_id
        ]


@dataclass
class _Record:
    """The fields of an aiokafka ConsumerRecord the kit's consumer reads."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]


@dataclass
class DenialsWorld:
    publisher: RecordingPublisher = field(default_factory=RecordingPublisher)
    ledger: InMemoryLedger = field(default_factory=InMemoryLedger)
    billing_models: InMemoryBillingModels = field(default_factory=InMemoryBillingModels)
    letters: InMemoryLetters = field(default_factory=InMemoryLetters)
    correction_attempt_limit: int = 2
    _offsets: itertools.count[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.cases = InMemoryAggregateStore(self.publisher, producer="denials")
        self.commands = RecordingCommands(self.publisher)
        self.consumer = EventConsumer(
            service="denials",
            group_id="denials-unit",
            publisher=self.publisher,
            metrics=ServiceMetrics("denials"),
            max_attempts=1,
            retry_base_delay_s=0.0,
        )
        self.coverage_corrections = StoredCoverageCorrections(
            InMemoryAggregateStore(self.publisher, producer="denials")
        )
        intake = DenialIntakeWorkflow(
            self.cases,
            self.billing_models,
            self.ledger,
            self.commands,
            self.correction_attempt_limit,
            self.coverage_corrections,
        )
        worklist = WorklistWorkflow(self.cases, self.letters, self.correction_attempt_limit)
        registration = RegistrationCorrectionWorkflow(
            self.coverage_corrections, InMemoryCaseQueries(self.cases), self.commands
        )
        register_subscribers(self.consumer, intake, worklist, registration)

    async def deliver(self, message: EventMessage) -> None:
        """Through the consumer, as if it arrived on its registry topic (deliver the same message to redeliver)."""
        envelope = message.envelope
        headers = [(k, v.encode()) for k, v in headers_for(envelope).items()]
        topic = topic_for(envelope.event_type).name
        record = _Record(
            topic, 0, next(self._offsets), envelope.partition_key.encode(), encode(message), headers
        )
        await self.consumer.process(record)

    async def send(self, event: Event, producer: str = "tests") -> EventMessage:
        sent = message(event, producer)
        await self.deliver(sent)
        return sent

    def published(self, event_class: type[E]) -> list[E]:
        return list(self.publisher.events(event_class))

    def dead_letters(self) -> list[dict[str, str]]:
        return [
            {
                k.removeprefix(DLQ_HEADER_PREFIX): v
                for k, v in r.headers.items()
                if k.startswith(DLQ_HEADER_PREFIX)
            }
            for r in self.publisher.sent
            if r.topic == self.consumer.dlq_topic_name
        ]

    async def case(self, claim_id: str) -> DenialCase:
        found = case_of(await self.cases.load(claim_id))
        if found is None:
            raise AssertionError(f"no denial case for {claim_id}")
        return found


def message(event: Event, producer: str = "tests") -> EventMessage:
    return new_message(event, producer=producer, tenant_id=TENANT)
