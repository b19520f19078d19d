"""Request bodies of the coding HTTP API; wire types validate codes, so a bad code is a 422."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from rcm_schemas.events.common import Diagnoses, SelectedLine

CoderId = Annotated[str, Field(min_length=1, max_length=100)]


class TakeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    coder_id: CoderId


class ApproveRequest(BaseModel):
    """The coder's final codes; they replace the provider's and every difference is audited."""

    model_config = ConfigDict(extra="forbid")

    coder_id: CoderId
    diagnoses: Diagnoses
    lines: tuple[SelectedLine, ...] = Field(min_length=1, max_length=50)
