"""Request bodies of the coding HTTP API; wire types validate codes, so a bad code is a 422."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from rcm_schemas.events.common import Diagnoses, SelectedLine


class ApproveRequest(BaseModel):
    """The coder's final codes; they replace the provider's and every difference is audited.

    The coder is the token's subject, never a field of the request.
    """

    model_config = ConfigDict(extra="forbid")

    diagnoses: Diagnoses
    lines: tuple[SelectedLine, ...] = Field(min_length=1, max_length=50)
