"""Settings of the remittance service (environment variables RCM_REMITTANCE_...)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class RemittanceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_REMITTANCE_", extra="ignore", frozen=True)
    service_name: str = "remittance"
