"""The base of every registration model and the "today" every date rule is judged against.

Identifiers are rcm_schemas.codes.TenantId / EntityId, so every id we assign can travel in an event unchanged.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationInfo


class DomainModel(BaseModel):
    """Frozen (state changes go through the use cases, which return new copies) and strict about unknown
    fields, so a misspelt request field is a 422 instead of silently lost data.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def validation_today(info: ValidationInfo) -> date:
    """The day "not in the future" rules compare against.

    Tests and replays pass `context={"today": date(...)}` to model_validate so the result does not depend on
    the wall clock; FastAPI passes no context, so a live request is judged against the real date.
    """
    context = info.context
    today = context.get("today") if isinstance(context, dict) else None
    return today if isinstance(today, date) else date.today()
