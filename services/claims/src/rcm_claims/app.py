"""Composition root of the claims service: adapters wired to the use cases, subscribers and routes registered.

`build_app` connects nothing (the kit connects Kafka and Mongo and creates the indexes on start); it reads the
reference files the settings name (NCCI PTP, MUE, the chargemaster), or the synthetic samples when
`synthetic_reference_data` is on, and the started service says which ones are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from pymongo import IndexModel
from rcm_platform import Service
from rcm_platform.ports import AggregatesFor, Publisher

from rcm_claims.adapters.claim_queries import ClaimQueries
from rcm_claims.adapters.claim_repository import ClaimRepository
from rcm_claims.adapters.control_numbers import MongoControlNumbers
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.adapters.reference_files import ReferenceData, load_reference_data
from rcm_claims.adapters.submitted_claims_ledger import MongoSubmittedClaims
from rcm_claims.adapters.x12_transmission import transmission_factory
from rcm_claims.entrypoints.access import ROUTE_ROLES
from rcm_claims.entrypoints.http_routes import claims_router
from rcm_claims.entrypoints.subscribers import subscribe
from rcm_claims.service.claim_workflow import ClaimWorkflow
from rcm_claims.service.held_claim_commands import HeldClaimCommands
from rcm_claims.service.ports import ClaimReads, ControlNumberSource, SubmittedClaims
from rcm_claims.settings import ClaimsSettings

CLAIMS = "claims"
log = structlog.get_logger("rcm.claims.reference_data")


def default_settings() -> ClaimsSettings:
    return ClaimsSettings()


@dataclass(frozen=True)
class Collections:
    """The ports over plain collections (not aggregates): Mongo in production, dicts in use-case tests."""

    control_numbers: ControlNumberSource
    submitted: SubmittedClaims
    reads: ClaimReads


def build_app(
    settings: ClaimsSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Service:
    """`stores`/`publisher` replace the aggregate stores and the Kafka publisher (tests). `clock` stamps when a
    control number was reserved; the claims' own dates come from the cause (its occurred_at), never the clock,
    so a redelivered event decides the same."""
    now = clock or (lambda: datetime.now(UTC))
    service = Service(settings, stores=stores, publisher=publisher)
    service.index(
        CLAIMS,
        IndexModel("state.status"),
        IndexModel("state.payer_id"),
        IndexModel("state.date_of_service"),
        IndexModel("state.work_item_status"),
    )
    collections = Collections(
        control_numbers=MongoControlNumbers(service.db["control_numbers"], now),
        submitted=MongoSubmittedClaims(service.db["submitted_claims"]),
        reads=ClaimQueries(service.db[CLAIMS]),
    )
    return assemble(service, settings, collections, load_reference_data(settings))


def assemble(
    service: Service, settings: ClaimsSettings, collections: Collections, reference: ReferenceData
) -> Service:
    """The wiring shared by build_app and the use-case tests (which pass in-memory collections)."""
    fees = ClinicFeeSchedule(reference.chargemaster)
    workflow = ClaimWorkflow(
        claims=ClaimRepository(service.store(CLAIMS)),
        control_numbers=collections.control_numbers,
        submitted=collections.submitted,
        transmission_for=transmission_factory(settings),
        ptp=reference.ptp,
        mue=reference.mue,
        unit_price=fees.unit_price,
    )
    subscribe(service.consumer, workflow, HeldClaimCommands(workflow), fees)
    service.http.include_router(claims_router(service, collections.reads))
    service.allow(ROUTE_ROLES)
    service.on_started.append(lambda: _report_reference_data(reference))
    return service


async def _report_reference_data(reference: ReferenceData) -> None:
    if reference.missing:
        log.warning(
            "claims reference data missing: NCCI PTP/MUE edits off for missing tables, codes Medicare does "
            "not price charged $0 (held) without a chargemaster; name the files, or set "
            "RCM_CLAIMS_SYNTHETIC_REFERENCE_DATA=true for the demo's synthetic samples",
            missing_settings=list(reference.missing),
        )
    if reference.synthetic:
        log.warning(
            "claims uses SYNTHETIC reference data (not CMS data)", synthetic_for=list(reference.synthetic)
        )
