"""In-memory implementations of the remittance ports (rcm_remittance.service.ports), for millisecond tests.

They keep the adapters' contracts: records keyed by deterministic ids (a second write keeps the first),
reads scoped to the tenant, queue items and remittances as aggregates of the kit's in-memory store (once per
cause), outbox pages published in order and forgotten. Everything published lands in one RecordingPublisher.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from rcm_platform.audit.trail import AuditTrail
from rcm_platform.ports import Decision, State
from rcm_platform.testing.memory import InMemoryAggregateStore, RecordingPublisher
from rcm_remittance.adapters.remittance_documents import remittance_state
from rcm_remittance.adapters.unmatched_repository import item_from_state, item_state, resolved_state
from rcm_remittance.domain.billing_policy import PatientBillingPolicy
from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import LedgerEntry
from rcm_remittance.domain.patient_payments import Allocation
from rcm_remittance.domain.payment_plans import PaymentPlan
from rcm_remittance.domain.remittance_identity import stored_key
from rcm_remittance.domain.unmatched import OPEN, RESOLVED, ItemStatus, Resolution, UnmatchedItem
from rcm_remittance.entrypoints.http_patient_billing import PatientBilling
from rcm_remittance.samples import cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import RemittancePosting, post_remittance_file
from rcm_remittance.service.matching import UnmatchedMatching
from rcm_remittance.service.patient_payments import PatientPayment, PatientPayments
from rcm_remittance.service.payment_plans import PaymentPlans
from rcm_remittance.service.posting import RemittanceFilePosting
from rcm_remittance.service.queries import RemittanceQueries
from rcm_remittance.service.refunds import Refunds
from rcm_remittance.service.statements import CycleRun, PatientStatements
from rcm_schemas import Event, EventMessage, new_message
from rcm_x12 import Remittance

NOW = datetime(2024, 3, 22, 12, 0, tzinfo=UTC)


class KnownClaimsInMemory:
    def __init__(self) -> None:
        self.claims: dict[str, tuple[str, KnownClaim]] = {}

    async def remember(self, claim: KnownClaim, *, tenant_id: str, payer_id: str) -> None:
        self.claims[claim.claim_id] = (tenant_id, claim)

    async def of_patient(self, patient_id: str, tenant_id: str) -> list[KnownClaim]:
        return [c for t, c in self.claims.values() if t == tenant_id and c.patient_id == patient_id]

    async def of_tenant(self, tenant_id: str) -> list[KnownClaim]:
        return [c for t, c in self.claims.values() if t == tenant_id]

    async def replaced_by(self, claim_id: str, tenant_id: str) -> str | None:
        return next(
            (
                claim.claim_id
                for tenant, claim in self.claims.values()
                if tenant == tenant_id and claim.original_claim_id == claim_id
            ),
            None,
        )

    async def get(self, claim_id: str, tenant_id: str) -> KnownClaim | None:
        found = self.claims.get(claim_id)
        return found[1] if found is not None and found[0] == tenant_id else None

    async def find_many(self, claim_ids: Iterable[str], tenant_id: str) -> dict[str, KnownClaim]:
        found = {claim_id: await self.get(claim_id, tenant_id) for claim_id in set(claim_ids)}
        return {claim_id: claim for claim_id, claim in found.items() if claim is not None}


class PaymentRecordsInMemory:
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], tuple[Allocation, datetime]] = {}

    async def record(
        self, payment: PatientPayment, allocation: Allocation, tenant_id: str, at: datetime
    ) -> bool:
        if (tenant_id, payment.payment_id) in self.records:
            return False
        self.records[(tenant_id, payment.payment_id)] = (allocation, at)
        return True

    async def get(self, payment_id: str, tenant_id: str) -> tuple[Allocation, datetime] | None:
        return self.records.get((tenant_id, payment_id))


class CycleRecordsInMemory:
    def __init__(self) -> None:
        self.cycles: dict[tuple[str, str], CycleRun] = {}

    async def record(self, cycle_id: str, tenant_id: str, run: CycleRun) -> bool:
        if (tenant_id, cycle_id) in self.cycles:
            return False
        self.cycles[(tenant_id, cycle_id)] = run
        return True

    async def get(self, cycle_id: str, tenant_id: str) -> CycleRun | None:
        return self.cycles.get((tenant_id, cycle_id))


class PlanRecordsInMemory:
    def __init__(self) -> None:
        self.plans: dict[tuple[str, str], PaymentPlan] = {}

    async def current(self, patient_id: str, tenant_id: str) -> PaymentPlan | None:
        return self.plans.get((tenant_id, patient_id))

    async def start(self, plan: PaymentPlan, tenant_id: str, replacing: str | None) -> bool:
        stored = self.plans.get((tenant_id, plan.patient_id))
        if (stored.plan_id if stored else None) != replacing:
            return False
        self.plans[(tenant_id, plan.patient_id)] = plan
        return True


class PolicyRecordsInMemory:
    def __init__(self) -> None:
        self.policies: dict[str, PatientBillingPolicy] = {}

    async def get(self, tenant_id: str) -> PatientBillingPolicy:
        return self.policies.get(tenant_id, PatientBillingPolicy())

    async def put(self, tenant_id: str, policy: PatientBillingPolicy) -> None:
        self.policies[tenant_id] = policy


class LedgerInMemory:
    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, LedgerEntry]] = {}

    async def append(self, entries: Sequence[LedgerEntry], tenant_id: str) -> int:
        new = [entry for entry in entries if entry.entry_id not in self.entries]
        for entry in new:
            self.entries[entry.entry_id] = (tenant_id, entry)
        return len(new)

    def _of_tenant(self, tenant_id: str) -> list[LedgerEntry]:
        return [entry for tenant, entry in self.entries.values() if tenant == tenant_id]

    async def of_claim(self, claim_id: str, tenant_id: str) -> list[LedgerEntry]:
        entries = [e for e in self._of_tenant(tenant_id) if e.claim_id == claim_id]
        return sorted(entries, key=lambda entry: entry.posted_at)

    async def of_remittance(self, remittance_key: str, tenant_id: str) -> list[LedgerEntry]:
        return [entry for entry in self._of_tenant(tenant_id) if entry.remittance_key == remittance_key]

    async def of_claims_of_tenant(self, tenant_id: str) -> dict[str, list[LedgerEntry]]:
        by_claim: dict[str, list[LedgerEntry]] = {}
        for entry in sorted(self._of_tenant(tenant_id), key=lambda entry: entry.posted_at):
            if entry.claim_id is not None:
                by_claim.setdefault(entry.claim_id, []).append(entry)
        return by_claim

    async def prior_of_claims(
        self, claim_ids: Iterable[str], tenant_id: str, excluding_remittances: Iterable[str]
    ) -> dict[str, list[LedgerEntry]]:
        wanted, excluded = set(claim_ids), set(excluding_remittances)
        prior: dict[str, list[LedgerEntry]] = {}
        for entry in self._of_tenant(tenant_id):
            if entry.claim_id in wanted and entry.remittance_key not in excluded:
                prior.setdefault(entry.claim_id, []).append(entry)
        return prior


class UnmatchedInMemory:
    """The queue over the kit's in-memory aggregate store, in the adapter's state layout."""

    def __init__(self, items: InMemoryAggregateStore) -> None:
        self.items = items
        self.unknown_claim_markers: set[tuple[str, str]] = set()

    def _states(self, tenant_id: str | None = None) -> list[tuple[str, State]]:
        return [
            (item_id, doc.state)
            for item_id, doc in self.items.documents.items()
            if tenant_id is None or doc.tenant_id == tenant_id
        ]

    async def add(self, items: Sequence[UnmatchedItem], tenant_id: str) -> int:
        added = await self.items.insert_many(
            {item.item_id: item_state(item) for item in items}, tenant_id=tenant_id
        )
        self.unknown_claim_markers |= {
            (tenant_id, item.claim.claim_id) for item in items if item.reason == "unknown_claim"
        }
        return added

    async def get(self, item_id: str, tenant_id: str) -> tuple[UnmatchedItem, ItemStatus] | None:
        doc = self.items.documents.get(item_id)
        if doc is None or doc.tenant_id != tenant_id:
            return None
        return item_from_state(item_id, doc.state), doc.state["status"]

    async def resolve(
        self, item_id: str, cause: EventMessage, resolution: Resolution, events: Sequence[Event]
    ) -> None:
        def decide(current: State | None) -> Decision | None:
            if current is None or current.get("status") == RESOLVED:
                return None
            return Decision(resolved_state(current, resolution), events)

        await self.items.handle(item_id, cause, decide)

    async def open_unknown_claim_items(self, claim_id: str, tenant_id: str) -> list[UnmatchedItem]:
        if (tenant_id, claim_id) not in self.unknown_claim_markers:
            return []
        return [
            item_from_state(item_id, state)
            for item_id, state in self._states(tenant_id)
            if state["status"] == OPEN
            and state["reason"] == "unknown_claim"
            and state["claim"]["claim_id"] == claim_id
        ]

    async def open_items(self, tenant_id: str, limit: int = 500) -> list[UnmatchedItem]:
        open_states = [(i, s) for i, s in self._states(tenant_id) if s["status"] == OPEN]
        return [item_from_state(item_id, state) for item_id, state in open_states[:limit]]

    async def open_paid_cents(self, remittance_key: str, tenant_id: str) -> int:
        return sum(
            int(state["paid_cents"])
            for _, state in self._states(tenant_id)
            if state["remittance_key"] == remittance_key and state["status"] == OPEN
        )


class RemittancesInMemory:
    def __init__(self, store: InMemoryAggregateStore) -> None:
        self.store = store

    async def posted_page_count(self, remittance_key: str, tenant_id: str | None = None) -> int | None:
        document_id = remittance_key if tenant_id is None else stored_key(tenant_id, remittance_key)
        state = await self.store.load(document_id)
        return int(state.get("outbox_pages", 0)) if state and state.get("posted") else None

    async def commit(
        self,
        posting: RemittancePosting,
        remittance: Remittance,
        cause: EventMessage,
        *,
        page_count: int,
        event_count: int,
        source: str,
        file_name: str | None,
    ) -> None:
        state = remittance_state(
            posting,
            remittance,
            page_count=page_count,
            event_count=event_count,
            source=source,
            file_name=file_name,
        )

        def decide(current: State | None) -> Decision | None:
            return None if current and current.get("posted") else Decision(state, ())

        await self.store.handle(stored_key(cause.envelope.tenant_id, posting.remittance_key), cause, decide)

    async def summary(self, remittance_key: str, tenant_id: str) -> State | None:
        doc = self.store.documents.get(stored_key(tenant_id, remittance_key))
        return dict(doc.state) if doc is not None and doc.tenant_id == tenant_id else None


class OutboxInMemory:
    """One page per write (page size is the adapter's concern); published in order, then forgotten."""

    def __init__(self, publisher: RecordingPublisher) -> None:
        self.publisher = publisher
        self.pages: dict[str, list[EventMessage]] = {}

    async def write(self, remittance_key: str, messages: Sequence[EventMessage]) -> int:
        if not messages:
            return 0
        self.pages.setdefault(remittance_key, list(messages))
        return 1

    async def publish(self, remittance_key: str, page_count: int) -> int:
        messages = self.pages.get(remittance_key, []) if page_count else []
        for message in messages:
            await self.publisher.publish(message)
        self.pages.pop(remittance_key, None)  # only once all were sent: a failed send leaves the page
        return len(messages)


@dataclass
class CommandRecorder:
    """SendCommand: publishes the command as Service.publish would (without an Idempotency-Key rule)."""

    publisher: RecordingPublisher
    producer: str = "remittance"
    sent: list[EventMessage] = field(default_factory=list)

    async def __call__(
        self,
        event: Event,
        *,
        tenant_id: str,
        idempotency_key: str | None = None,
        correlation_id: UUID | None = None,
    ) -> UUID:
        message = new_message(
            event, producer=self.producer, tenant_id=tenant_id, correlation_id=correlation_id
        )
        self.sent.append(message)
        await self.publisher.publish(message)
        return message.envelope.event_id


@dataclass
class RemittanceWorld:
    """The remittance use cases wired to the in-memory ports."""

    publisher: RecordingPublisher = field(default_factory=RecordingPublisher)
    now: datetime = NOW
    known_claims: KnownClaimsInMemory = field(default_factory=KnownClaimsInMemory)
    ledger: LedgerInMemory = field(default_factory=LedgerInMemory)

    def __post_init__(self) -> None:
        self.audit = AuditTrail(None, "remittance")
        self.unmatched = UnmatchedInMemory(InMemoryAggregateStore(self.publisher, producer="remittance"))
        self.remittances = RemittancesInMemory(InMemoryAggregateStore(self.publisher, producer="remittance"))
        self.outbox = OutboxInMemory(self.publisher)
        self.commands = CommandRecorder(self.publisher)
        self.posting = RemittanceFilePosting(
            self.remittances,
            self.known_claims,
            self.ledger,
            self.unmatched,
            self.outbox,
            producer="remittance",
            clock=lambda: NOW,
            audit=self.audit,
        )
        self.matching = UnmatchedMatching(self.unmatched, self.known_claims, self.ledger, self.commands)
        self.queries = RemittanceQueries(self.remittances, self.known_claims, self.ledger, self.unmatched)
        self.plans = PlanRecordsInMemory()
        self.policies = PolicyRecordsInMemory()
        self.statements = PatientStatements(
            self.queries,
            CycleRecordsInMemory(),
            self.plans,
            self.policies,
            self.ledger,
            self.clock,
            self.commands,
        )
        self.payments = PatientPayments(
            self.ledger, self.queries, PaymentRecordsInMemory(), self.clock, self.commands
        )
        self.billing = PatientBilling(
            payments=self.payments,
            statements=self.statements,
            plans=PaymentPlans(self.queries, self.statements, self.plans, self.clock),
            refunds=Refunds(self.ledger, self.queries, self.clock, self.commands),
            policies=self.policies,
        )

    def clock(self) -> datetime:
        """NOW unless a test moves `now` (plans and dunning need days to pass)."""
        return self.now

    async def patient_with_share(self, patient_id: str, claim_id: str, share: str, tenant_id: str) -> None:
        """A 100.00 visit of 2024-01-10, adjudicated 2024-02-01 with `share` left to the patient (PR-2) and the
        rest paid: the share is 50 days old on NOW (2024-03-22)."""
        paid = Decimal("100.00") - Decimal(share)
        claim = clp(
            claim_id, "1", (svc("99213", "100.00", str(paid), (cas("PR", "2", share),), control=claim_id),)
        )
        known = known_from(claim).model_copy(
            update={"patient_id": patient_id, "date_of_service": date(2024, 1, 10)}
        )
        await self.known_claims.remember(known, tenant_id=tenant_id, payer_id="ACME01")
        posted_at = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)
        posting = post_remittance_file(
            file_of(remittance((claim,), trace=f"T-{claim_id}")), {claim_id: known}, posted_at
        )
        await self.ledger.append(posting.entries, tenant_id)

    def events(self, event_class: type[Event] | None = None) -> list[Event]:
        return list(self.publisher.events(event_class))
