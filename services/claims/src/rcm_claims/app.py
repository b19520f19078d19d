"""Composition root of the claims service: adapters wired to the workflow, subscribers and routes registered.

No I/O here: `build_app` only builds; the kit connects Kafka and Mongo (and creates indexes) on start.
"""

from __future__ import annotations

from typing import Any

from pymongo import IndexModel
from rcm_platform import Service

from rcm_claims.adapters.claim_queries import ClaimQueries
from rcm_claims.adapters.claim_repository import MongoClaimRepository
from rcm_claims.adapters.control_numbers import MongoControlNumbers
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.adapters.submitted_claims_ledger import MongoSubmittedClaims
from rcm_claims.adapters.x12_transmission import transmission_factory
from rcm_claims.entrypoints.http_routes import claims_router
from rcm_claims.entrypoints.subscribers import register_subscribers
from rcm_claims.service.claim_workflow import ClaimWorkflow
from rcm_claims.settings import ClaimsSettings

CLAIMS = "claims"


def default_settings() -> ClaimsSettings:
    return ClaimsSettings()


def build_app(settings: ClaimsSettings, **overrides: Any) -> Service:
    """overrides: `fees` (a ClinicFeeSchedule), `ptp` / `mue` (NCCI tables) for tests and other clinics."""
    service = Service(settings)
    claims = MongoClaimRepository(service.store(CLAIMS))
    service.index(
        CLAIMS,
        IndexModel("state.status"),
        IndexModel("state.payer_id"),
        IndexModel("state.date_of_service"),
        IndexModel("state.work_item_status"),
    )
    workflow_options = {name: overrides[name] for name in ("ptp", "mue") if name in overrides}
    workflow = ClaimWorkflow(
        claims=claims,
        control_numbers=MongoControlNumbers(service.db["control_numbers"]),
        submitted=MongoSubmittedClaims(service.db["submitted_claims"]),
        transmission_for=transmission_factory(settings),
        **workflow_options,
    )
    fees = overrides.get("fees") or ClinicFeeSchedule()
    register_subscribers(service, workflow, fees)
    service.http.include_router(claims_router(service, ClaimQueries(service.db[CLAIMS])))
    return service
