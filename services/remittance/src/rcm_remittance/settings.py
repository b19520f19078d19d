"""Settings of the remittance service (environment variables RCM_REMITTANCE_...)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class RemittanceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_REMITTANCE_", extra="ignore", frozen=True)
    service_name: str = "remittance"
    max_body_bytes: int = 10 * 1024 * 1024
    """835 uploads: a large payer's file runs to megabytes; past 10 MiB it could not travel as one Kafka message
    (16 MiB, sealed) anyway, so it is refused at the door (413)."""
    contracts_file: Path | None = None
    """The clinics' payer contracts (CSV, contracts_data/SOURCES.md); None uses the shipped demo contracts. A file
    that cannot be used (overlapping rows, a bad value) stops the service at start with the row named."""
    underpayment_tolerance_percent: Decimal = Field(default=Decimal("2"), ge=0, le=50)
    underpayment_tolerance_minimum: Decimal = Field(default=Decimal("1.00"), ge=0)
    """A paid line counts as underpaid when the contract's amount exceeds what the payer allowed by more than the
    larger of these (a percent of the contract's amount, dollars)."""
