"""Shared helpers: read packaged data files and reason about effective-date windows.

Data is read through importlib.resources so it works from a wheel or a zip, never from the team share.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

_DATA_PACKAGE = "rcm_codesets"


def data_text(file_name: str) -> str:
    """Return a packaged data file as text (utf-8; a BOM, if any, is dropped)."""
    return files(_DATA_PACKAGE).joinpath("data", file_name).read_text(encoding="utf-8-sig")


def read_csv_rows(file_name: str) -> list[dict[str, str]]:
    """Read a packaged CSV into dicts with whitespace-trimmed values."""
    reader = csv.DictReader(io.StringIO(data_text(file_name)))
    return [{key.strip(): (value or "").strip() for key, value in row.items()} for row in reader]


def parse_yyyymmdd(text: str) -> date | None:
    """CMS files write dates as YYYYMMDD; blank means 'no date'."""
    text = text.strip()
    if not text:
        return None
    return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))


def parse_iso_date(text: str | None) -> date | None:
    """Our own tables and the X12 value lists use ISO dates; blank means 'no date'."""
    if text is None or not text.strip():
        return None
    return date.fromisoformat(text.strip())


@dataclass(frozen=True, slots=True)
class EffectivePeriod:
    """A code's validity window: first day in force and last day in force (both inclusive).

    None on either side means open-ended (for starts: in force before our sources begin tracking).
    """

    first_day: date | None = None
    last_day: date | None = None

    def contains(self, day: date) -> bool:
        if self.first_day is not None and day < self.first_day:
            return False
        return not (self.last_day is not None and day > self.last_day)
