"""What the denials routes share beyond the kit's HTTP edge: claim ids in paths."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from rcm_schemas.codes import CLAIM_ID_PATTERN

ClaimPath = Annotated[str, Path(pattern=CLAIM_ID_PATTERN)]
