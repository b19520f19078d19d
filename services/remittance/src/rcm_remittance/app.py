"""Composition root of the remittance service: adapters, use cases, subscribers, routes. No I/O here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from rcm_platform import Service
from rcm_platform.ports import AggregatesFor, Publisher

from rcm_remittance.adapters.cycle_records import STATEMENT_CYCLES, CycleRecordRepository
from rcm_remittance.adapters.known_claim_documents import (
    CLAIM_REPLACEMENTS,
    KNOWN_CLAIMS,
    KnownClaimRepository,
)
from rcm_remittance.adapters.ledger_repository import ENTRY_KEY, LEDGER, LEDGER_BY_CLAIM, LedgerRepository
from rcm_remittance.adapters.outbox_pages import OUTBOX_PAGES, OutboxPages
from rcm_remittance.adapters.payment_records import PATIENT_PAYMENTS, PaymentRecordRepository
from rcm_remittance.adapters.plan_records import PAYMENT_PLANS, PlanRecordRepository
from rcm_remittance.adapters.policy_records import BILLING_POLICIES, PolicyRecordRepository
from rcm_remittance.adapters.remittance_documents import REMITTANCES, RemittanceRepository
from rcm_remittance.adapters.unmatched_repository import UNMATCHED, UNMATCHED_CLAIMS, UnmatchedRepository
from rcm_remittance.domain.contracts import load_contracts, shipped_contracts
from rcm_remittance.domain.underpayment import UnderpaymentCheck
from rcm_remittance.entrypoints.access import ROUTE_ROLES
from rcm_remittance.entrypoints.http_patient_billing import PatientBilling
from rcm_remittance.entrypoints.http_routes import register_routes
from rcm_remittance.entrypoints.subscribers import register_subscribers
from rcm_remittance.service.matching import UnmatchedMatching
from rcm_remittance.service.patient_payments import PatientPayments
from rcm_remittance.service.payment_plans import PaymentPlans
from rcm_remittance.service.posting import RemittanceFilePosting
from rcm_remittance.service.queries import RemittanceQueries
from rcm_remittance.service.reclassification_posting import DenialReclassificationPosting
from rcm_remittance.service.refunds import Refunds
from rcm_remittance.service.self_pay_posting import SelfPayPosting
from rcm_remittance.service.statements import PatientStatements
from rcm_remittance.service.write_off_posting import DenialWriteOffPosting
from rcm_remittance.settings import RemittanceSettings

log = structlog.get_logger(__name__)


def default_settings() -> RemittanceSettings:
    return RemittanceSettings()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def patient_billing(
    service: Service,
    ledger: LedgerRepository,
    queries: RemittanceQueries,
    now: Callable[[], datetime],
) -> PatientBilling:
    db = service.db
    plans = PlanRecordRepository(db[PAYMENT_PLANS])
    policies = PolicyRecordRepository(db[BILLING_POLICIES])
    statements = PatientStatements(
        queries,
        CycleRecordRepository(db[STATEMENT_CYCLES]),
        plans,
        policies,
        ledger,
        now,
        service.publish,
    )
    return PatientBilling(
        payments=PatientPayments(
            ledger, queries, PaymentRecordRepository(db[PATIENT_PAYMENTS]), now, service.publish
        ),
        statements=statements,
        plans=PaymentPlans(queries, statements, plans, now),
        refunds=Refunds(ledger, queries, now, service.publish),
        policies=policies,
    )


def underpayment_check(settings: RemittanceSettings) -> UnderpaymentCheck:
    """The contracts to compare allowed amounts with; a file that cannot be used stops the service here."""
    if settings.contracts_file is None:
        contracts = shipped_contracts()
    else:
        contracts = load_contracts(settings.contracts_file.read_text(encoding="utf-8"))
    return UnderpaymentCheck(
        contracts, settings.underpayment_tolerance_percent, settings.underpayment_tolerance_minimum
    )


def build_app(
    settings: RemittanceSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Service:
    """`stores`/`publisher` replace the aggregate stores and the Kafka publisher (tests); `clock` stamps the
    envelopes remittance writes (uploads and posted events). Posting times come from the cause, not the clock,
    so a retried posting writes the same entries."""
    now = clock or _utc_now
    service = Service(settings, stores=stores, publisher=publisher)
    db = service.db
    known_claims = KnownClaimRepository(db[KNOWN_CLAIMS], db[CLAIM_REPLACEMENTS])
    # No PHI: hashed byte for byte, unwrapped; the by-claim projection holds the same fields.
    ledger = LedgerRepository(service.chain_db[LEDGER], service.chain_db[LEDGER_BY_CLAIM])
    service.index(LEDGER, *LedgerRepository.indexes())
    service.chained(LEDGER, ENTRY_KEY)
    unmatched = UnmatchedRepository(service.store(UNMATCHED), db[UNMATCHED], db[UNMATCHED_CLAIMS])
    remittances = RemittanceRepository(service.store(REMITTANCES), db[REMITTANCES])
    outbox = OutboxPages(db[OUTBOX_PAGES], service.publisher)
    posting = RemittanceFilePosting(
        remittances,
        known_claims,
        ledger,
        unmatched,
        outbox,
        producer=service.name,
        clock=now,
        audit=service.audit,
        underpayments=underpayment_check(settings),
    )
    matching = UnmatchedMatching(unmatched, known_claims, ledger, service.publish)
    register_subscribers(
        service,
        posting,
        matching,
        DenialWriteOffPosting(ledger),
        SelfPayPosting(known_claims, ledger),
        DenialReclassificationPosting(ledger),
    )
    queries = RemittanceQueries(remittances, known_claims, ledger, unmatched)
    register_routes(service, queries, matching, now, patient_billing(service, ledger, queries, now))
    service.allow(ROUTE_ROLES)

    async def publish_committed_pages() -> None:
        await outbox.sweep(posting.committed_page_count)

    async def project_ledger_by_claim() -> None:
        projected = await ledger.project_missing_claims()
        if projected:
            log.info("ledger projected by claim", claims=projected)

    service.before_consuming.append(project_ledger_by_claim)
    service.on_started.append(publish_committed_pages)
    return service
