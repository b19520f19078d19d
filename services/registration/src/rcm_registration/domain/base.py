"""The base of every registration model and the "today" every date rule is judged against."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationInfo

# Our own identifiers (tenant, patient, encounter, ...): the same shape rcm_schemas.codes.EntityId accepts, so
# every id we assign can travel in an event unchanged.
EntityId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
TenantId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


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
