"""Settings of the registration service (environment variables RCM_REGISTRATION_*)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class RegistrationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_REGISTRATION_", extra="ignore", frozen=True)

    service_name: str = "registration"
