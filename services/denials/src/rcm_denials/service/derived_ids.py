"""Ids derived from what identifies a fact or a command, so a retried handler generates the same ones."""

from __future__ import annotations

import hashlib

from rcm_denials.service.denial_intake import GeneratedIds


def derived_id(prefix: str, *parts: str) -> str:
    """A short deterministic id (EntityId allows 64 characters; claim ids and traces together may not fit)."""
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]
    return f"{prefix}-{digest}"


def generated_ids(event_id: str) -> GeneratedIds:
    return GeneratedIds(work_item_id=derived_id("wi", event_id), correction_id=derived_id("cor", event_id))
