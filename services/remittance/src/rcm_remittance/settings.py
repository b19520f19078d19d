"""Settings of the remittance service (environment variables RCM_REMITTANCE_...)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class RemittanceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_REMITTANCE_", extra="ignore", frozen=True)
    service_name: str = "remittance"
    max_body_bytes: int = 10 * 1024 * 1024
    """835 uploads: a large payer's file runs to megabytes; past 10 MiB it could not travel as one Kafka message
    (16 MiB, sealed) anyway, so it is refused at the door (413)."""
