"""What the entry points share: the kit's service, the case store and the repositories (built by app.py)."""

from __future__ import annotations

from dataclasses import dataclass

from rcm_platform import AggregateStore, Service

from rcm_denials.adapters.mongo_repositories import (
    AppealLetterRepository,
    BillingModelRepository,
    ClaimLedger,
)
from rcm_denials.settings import DenialsSettings


@dataclass(frozen=True)
class DenialsComponents:
    service: Service
    settings: DenialsSettings
    cases: AggregateStore
    billing_models: BillingModelRepository
    letters: AppealLetterRepository
    ledger: ClaimLedger
