"""Composition root of the remittance service: repositories, workflows, subscribers, routes. No I/O here."""

from __future__ import annotations

from typing import Any

from rcm_platform import Service

from rcm_remittance.adapters.known_claim_documents import KNOWN_CLAIMS, KnownClaimRepository
from rcm_remittance.adapters.ledger_repository import LEDGER, LedgerRepository
from rcm_remittance.adapters.outbox_pages import OUTBOX_PAGES, OutboxPages
from rcm_remittance.adapters.remittance_documents import REMITTANCES
from rcm_remittance.adapters.unmatched_repository import UNMATCHED, UNMATCHED_CLAIMS, UnmatchedRepository
from rcm_remittance.entrypoints.http_routes import register_routes
from rcm_remittance.entrypoints.subscribers import register_subscribers
from rcm_remittance.settings import RemittanceSettings
from rcm_remittance.workflows.manual_matching import ManualMatchWorkflow
from rcm_remittance.workflows.remittance_posting import RemittancePostingWorkflow
from rcm_remittance.workflows.remittance_queries import RemittanceQueries


def default_settings() -> RemittanceSettings:
    return RemittanceSettings()


def build_app(settings: RemittanceSettings, **overrides: Any) -> Service:
    """overrides: none are used yet; accepted so the lead's runners can pass test seams uniformly."""
    service = Service(settings)
    db = service.db
    known_claims = KnownClaimRepository(db[KNOWN_CLAIMS])
    ledger = LedgerRepository(db[LEDGER])
    unmatched = UnmatchedRepository(db[UNMATCHED], db[UNMATCHED_CLAIMS])
    remittances = service.store(REMITTANCES)
    outbox = OutboxPages(db[OUTBOX_PAGES], service.publisher)
    posting = RemittancePostingWorkflow(
        remittances, known_claims, ledger, unmatched, outbox, service.publisher, producer=service.name
    )
    matching = ManualMatchWorkflow(service.store(UNMATCHED), unmatched, known_claims, ledger)
    register_subscribers(service, known_claims, unmatched, posting, matching)
    register_routes(service, RemittanceQueries(remittances, known_claims, ledger, unmatched))

    async def publish_committed_pages() -> None:
        await outbox.sweep(posting.committed_page_count)

    service.on_started.append(publish_committed_pages)
    return service
