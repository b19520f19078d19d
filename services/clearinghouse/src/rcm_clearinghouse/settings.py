"""Settings of the clearinghouse service (environment variables RCM_CLEARINGHOUSE_*)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict
from rcm_codesets import PayerType
from rcm_platform import ServiceSettings

from rcm_clearinghouse.domain.scenario import DEFAULT_DENIAL_RATES, DenialCause, Scenario


class ClearinghouseSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_CLEARINGHOUSE_", extra="ignore", frozen=True)

    service_name: str = "clearinghouse"
    gateway: Literal["simulator", "file_drop"] = "simulator"
    file_drop_folder: Path | None = None
    """Root of the outbound/ and inbound/ folders when gateway=file_drop."""
    file_drop_poll_seconds: float = Field(default=5.0, gt=0)
    scenario_seed: int = 20250101
    denial_rates: dict[PayerType, Decimal] = Field(default_factory=lambda: dict(DEFAULT_DENIAL_RATES))
    """JSON, e.g. {"commercial": "0.2"}; payer types left out keep their workload-params default."""
    payer_denial_rates: dict[str, Decimal] = Field(default_factory=dict)
    """JSON per payer id, e.g. {"NWHP1": "0.5"}: a "bad payer" scenario."""
    cause_mix: dict[DenialCause, Decimal] = Field(default_factory=dict)
    """JSON, e.g. {"coverage_terminated": "1"}: the weights of the drawn denial causes; empty keeps the
    workload-params mix. With a payer's denial rate at 1 it makes that payer deny every first claim so."""
    provider_adjustment_rate: Decimal | None = Field(default=None, ge=0, le=1)
    status_delay_rate: Decimal = Field(default=Decimal("0"), ge=0, le=1)
    """Share of accepted claims the payers sit on for status_delay_days more (the 276/277 scenario)."""
    status_delay_days: int = Field(default=120, ge=1, le=730)
    underpaid_codes: dict[str, frozenset[str]] = Field(default_factory=dict)
    """JSON per payer id, e.g. {"NWHP1": ["99213", "99214"]}: that payer allows those codes underpayment_percent
    below its contract (the underpayment scenario); an appeal of it is answered with the difference."""
    underpayment_percent: Decimal = Field(default=Decimal("5"), gt=0, lt=100)
    clock_start: date | None = None
    """First day of the simulated clock when none is stored yet; None means today by build_app's wall clock."""
    tick_seconds: float = Field(default=0, ge=0)
    """Background ticker period (0 = off): the demo's payers pay without anyone advancing the clock."""
    days_per_tick: int = Field(default=1, ge=1, le=365)

    @model_validator(mode="after")
    def _file_drop_needs_a_folder(self) -> ClearinghouseSettings:
        if self.gateway == "file_drop" and self.file_drop_folder is None:
            raise ValueError("RCM_CLEARINGHOUSE_FILE_DROP_FOLDER is required when the gateway is file_drop")
        return self

    def scenario(self) -> Scenario:
        rates = {**DEFAULT_DENIAL_RATES, **self.denial_rates}
        extra: dict[str, object] = (
            {}
            if self.provider_adjustment_rate is None
            else {"provider_adjustment_rate": self.provider_adjustment_rate}
        )
        if self.cause_mix:
            extra["cause_mix"] = self.cause_mix
        extra.update(status_delay_rate=self.status_delay_rate, status_delay_days=self.status_delay_days)
        extra.update(underpaid_codes=self.underpaid_codes, underpayment_percent=self.underpayment_percent)
        return Scenario(
            seed=self.scenario_seed, denial_rates=rates, payer_denial_rates=self.payer_denial_rates, **extra
        )
