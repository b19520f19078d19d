"""Settings of the analytics service (environment variables RCM_ANALYTICS_*)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class AnalyticsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_ANALYTICS_", extra="ignore", frozen=True)

    service_name: str = "analytics"
    service_urls: dict[str, str] = Field(default_factory=dict)
    """Base URLs of the services the console acts through, by name (registration, coding, claims, denials):
    an action is sent to its owner with the signed-in person's token. JSON, e.g. {"denials": "http://..."}."""
    console_dev_login: bool = False
    """Let the console's sign-in page mint a token with the local dev key (rcm_platform.auth.dev_keys) for any
    role and clinic: for a developer's machine and the tests, never where a real identity provider signs in."""
    console_poll_s: int = Field(default=5, ge=1, le=300)
    """How often an open console page asks for fresh rows and numbers (live updates without reloading)."""
