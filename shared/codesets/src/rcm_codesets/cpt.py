"""CPT (Category I/II/III) codes without AMA content.

We ship only code numbers with OUR OWN short labels and dates (`data/cpt_demo_codes.csv`). A site holding an
AMA licence can import its CPT file at start-up; the descriptions stay in memory and are never written back
into this package.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from rcm_codesets._data import EffectivePeriod, parse_iso_date, read_csv_rows

CPT_CODE_PATTERN = re.compile(r"^(\d{5}|\d{4}[FTU])$")


@dataclass(frozen=True, slots=True)
class CptEntry:
    code: str
    our_label: str | None
    licensed_description: str | None
    effective_from: date | None
    termination_date: date | None

    @property
    def period(self) -> EffectivePeriod:
        return EffectivePeriod(self.effective_from, self.termination_date)


@dataclass(frozen=True, slots=True)
class AddOnRule:
    add_on_code: str
    primary_codes: tuple[str, ...]
    effective_from: date | None
    termination_date: date | None
    why: str

    def applies_on(self, date_of_service: date) -> bool:
        return EffectivePeriod(self.effective_from, self.termination_date).contains(date_of_service)


def is_cpt_format(code: str) -> bool:
    return bool(CPT_CODE_PATTERN.match(code.strip().upper()))


class CptCatalog:
    """Mutable registry: the shipped demo list plus whatever a licensed import adds or enriches."""

    def __init__(self) -> None:
        self._entries: dict[str, CptEntry] = {}

    def add(self, entry: CptEntry) -> None:
        existing = self._entries.get(entry.code)
        if existing is None:
            self._entries[entry.code] = entry
            return
        # Keep our label when a licensed file enriches a demo code; prefer the import's dates when given.
        self._entries[entry.code] = replace(
            existing,
            licensed_description=entry.licensed_description or existing.licensed_description,
            effective_from=entry.effective_from or existing.effective_from,
            termination_date=entry.termination_date or existing.termination_date,
        )

    def get(self, code: str) -> CptEntry | None:
        return self._entries.get(code.strip().upper())

    def __len__(self) -> int:
        return len(self._entries)

    def codes(self) -> list[str]:
        return sorted(self._entries)


def _load_demo_entries() -> list[CptEntry]:
    return [
        CptEntry(
            code=row["code"],
            our_label=row["our_label"],
            licensed_description=None,
            effective_from=parse_iso_date(row["effective_from"]),
            termination_date=parse_iso_date(row["termination_date"]),
        )
        for row in read_csv_rows("cpt_demo_codes.csv")
    ]


@cache
def cpt_catalog() -> CptCatalog:
    """The process-wide catalog, seeded with the demo list on first use."""
    catalog = CptCatalog()
    for entry in _load_demo_entries():
        catalog.add(entry)
    return catalog


@cache
def add_on_rules() -> dict[str, AddOnRule]:
    """Add-on codes (CPT and HCPCS) and the primary codes they must accompany."""
    return {
        row["add_on_code"]: AddOnRule(
            add_on_code=row["add_on_code"],
            primary_codes=tuple(row["primary_codes"].split()),
            effective_from=parse_iso_date(row["effective_from"]),
            termination_date=parse_iso_date(row["termination_date"]),
            why=row["why"],
        )
        for row in read_csv_rows("add_on_codes.csv")
    }


def _parse_any_date(text: str) -> date | None:
    # Licensed files vary: accept ISO (2025-01-01) and CMS-style YYYYMMDD.
    text = text.strip()
    if not text:
        return None
    if len(text) == 8 and text.isdigit():
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return date.fromisoformat(text)


def import_licensed_cpt_file(
    path: str | Path,
    *,
    code_column: str | int = "code",
    description_column: str | int = "description",
    delimiter: str | None = None,
    has_header: bool = True,
    effective_from_column: str | int | None = None,
    termination_column: str | int | None = None,
    encoding: str = "utf-8-sig",
    catalog: CptCatalog | None = None,
) -> int:
    """Load a licensed CPT file (tab or comma separated) into the catalog; returns rows imported.

    Columns are named (with a header) or zero-based indexes (with or without one). The delimiter is sniffed
    from the first line when not given. Rows whose code is not CPT-shaped are skipped (notice lines etc.).
    """
    target = catalog if catalog is not None else cpt_catalog()
    text = Path(path).read_text(encoding=encoding)
    first_line = text.split("\n", 1)[0]
    chosen_delimiter = delimiter or ("\t" if "\t" in first_line else ",")
    rows = list(csv.reader(io.StringIO(text), delimiter=chosen_delimiter))
    header: list[str] = [cell.strip() for cell in rows[0]] if has_header and rows else []
    body = rows[1:] if has_header else rows

    def column_index(column: str | int | None) -> int | None:
        if column is None or isinstance(column, int):
            return column
        return header.index(column)

    code_at, description_at = column_index(code_column), column_index(description_column)
    effective_at, termination_at = column_index(effective_from_column), column_index(termination_column)
    assert code_at is not None and description_at is not None
    imported = 0
    for row in body:
        if len(row) <= max(code_at, description_at) or not is_cpt_format(row[code_at]):
            continue
        target.add(
            CptEntry(
                code=row[code_at].strip().upper(),
                our_label=None,
                licensed_description=row[description_at].strip() or None,
                effective_from=_parse_any_date(row[effective_at]) if effective_at is not None else None,
                termination_date=_parse_any_date(row[termination_at]) if termination_at is not None else None,
            )
        )
        imported += 1
    return imported
