"""Settings of the coding service (environment variables RCM_CODING_*)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class CodingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_CODING_", extra="ignore", frozen=True)

    service_name: str = "coding"
    telehealth_review_payers: frozenset[str] = frozenset()
    """Payers whose telehealth mismatches (POS, modifiers) go to a coder instead of being corrected silently;
    a JSON list in the environment, e.g. RCM_CODING_TELEHEALTH_REVIEW_PAYERS='["MCR01"]'."""
    agreement_top_k: int = Field(default=5, ge=1, le=20)
    agreement_min_score: float = Field(default=0.3, ge=0, le=1)
    """The assistant must propose the provider's primary diagnosis (or its category) in its top k at this
    score for the codes to go straight to claims."""
