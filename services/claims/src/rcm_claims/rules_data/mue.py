"""Importer for the CMS Medically Unlikely Edits (MUE) practitioner file.

Layout (CSV, a notice record and a header first): HCPCS/CPT code, MUE value, MUE Adjudication Indicator
(MAI: 1 line edit, 2 date-of-service edit (policy), 3 date-of-service edit (clinical)), MUE rationale.
CMS writes the MAI as "2 Date of Service Edit: Policy", so only its leading digit is kept.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

AdjudicationIndicator = Literal["1", "2", "3"]
_CODE = re.compile(r"^[0-9A-Z]{5}$")


@dataclass(frozen=True, slots=True)
class MueEdit:
    code: str
    max_units: int
    adjudication_indicator: AdjudicationIndicator
    rationale: str = ""

    @property
    def per_line(self) -> bool:
        """MAI 1 limits each line; MAI 2 and 3 limit the units summed over the date of service."""
        return self.adjudication_indicator == "1"


def parse_mue_row(row: list[str]) -> MueEdit | None:
    cells = [cell.strip() for cell in row]
    if len(cells) < 3 or not _CODE.match(cells[0].upper()):
        return None
    indicator = cells[2][:1]
    if indicator not in ("1", "2", "3"):
        raise ValueError(f"MUE row {cells[0]}: adjudication indicator {cells[2]!r}")
    return MueEdit(
        code=cells[0].upper(),
        max_units=int(cells[1]),
        adjudication_indicator=indicator,  # type: ignore[arg-type]  # checked just above
        rationale=cells[3] if len(cells) > 3 else "",
    )


class MueTable:
    def __init__(self, edits: Iterable[MueEdit]) -> None:
        self._by_code = {edit.code: edit for edit in edits}

    def __len__(self) -> int:
        return len(self._by_code)

    def edit_for(self, code: str) -> MueEdit | None:
        return self._by_code.get(code)


def read_mue_file(text: str) -> MueTable:
    """Parse the whole CSV text; the notice record and the header are skipped because they hold no code."""
    rows = (parse_mue_row(row) for row in csv.reader(io.StringIO(text)))
    return MueTable(edit for edit in rows if edit is not None)
