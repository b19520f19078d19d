"""Settings of the remittance service (environment variables RCM_REMITTANCE_...)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings

from rcm_remittance.domain.contracts import ContractFileError, load_contracts


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

    @field_validator("contracts_file")
    @classmethod
    def _contracts_load(cls, path: Path | None) -> Path | None:
        # Checked with the other settings, so a bad file stops the service in one line naming the variable and
        # the row, before anything starts (the file is read again, unchanged, when the app is built).
        if path is not None:
            try:
                load_contracts(path.read_text(encoding="utf-8"))
            except OSError as error:
                raise ValueError(f"cannot read the contracts file: {error.strerror}") from None
            except ContractFileError as error:
                raise ValueError(str(error)) from None
        return path
