"""Settings of the denials service (environment variables RCM_DENIALS_...)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class DenialsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_DENIALS_", extra="ignore", frozen=True)

    service_name: str = "denials"
    correction_attempt_limit: int = Field(default=2, ge=1, le=10)
    """Loop guard: automatic and manual corrections allowed per claim before a person must decide."""
