"""The denials ports as app.py wires them (DenialsPorts), plus what the routes read: the kit's service and settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform import Aggregates, Service

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
    cases: Aggregates
    billing_models: BillingModelRepository
    letters: AppealLetterRepository
    ledger: ClaimLedger
    case_documents: AsyncCollection[dict[str, Any]]
    """The read side's view of the cases (work queues, analytics); only the consumer writes them."""

    @property
    def commands(self) -> Service:
        return self.service

    @property
    def correction_attempt_limit(self) -> int:
        return self.settings.correction_attempt_limit
