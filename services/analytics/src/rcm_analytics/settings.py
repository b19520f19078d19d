"""Settings of the analytics service (environment variables RCM_ANALYTICS_*)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class AnalyticsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_ANALYTICS_", extra="ignore", frozen=True)

    service_name: str = "analytics"
