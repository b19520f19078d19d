"""HCPCS Level II codes and modifiers from the CMS quarterly file (public domain).

A code is in force from its ADD DT through its TERM DT (inclusive). ACT EFF DT is only the date of the
latest change in the file (e.g. the date a deletion took effect), so it is reported but not used as a start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from rcm_codesets._data import EffectivePeriod, parse_yyyymmdd, read_csv_rows

HCPCS_FILE = "hcpcs_level2_2025oct_v4.csv"
HCPCS_RELEASE = "2025 October, version 4"

_RECORD_PROCEDURE = "3"
_RECORD_MODIFIER = "7"

# CMS action codes, so callers can tell a brand-new code from a changed one.
ACTION_CODE_MEANINGS: dict[str, str] = {
    "A": "added procedure or modifier",
    "B": "change in both administrative data and long description",
    "C": "change in long description",
    "D": "discontinued (terminated)",
    "F": "change in administrative data",
    "N": "no change",
    "P": "payment change",
    "R": "re-activated",
    "S": "change in short description",
    "T": "miscellaneous change",
}


@dataclass(frozen=True, slots=True)
class HcpcsRecord:
    code: str
    is_modifier: bool
    short_description: str
    long_description: str
    add_date: date | None
    action_effective_date: date | None
    termination_date: date | None
    action_code: str
    coverage_code: str

    @property
    def period(self) -> EffectivePeriod:
        return EffectivePeriod(self.add_date, self.termination_date)

    def is_valid_on(self, date_of_service: date) -> bool:
        return self.period.contains(date_of_service)


def normalize_hcpcs(code: str) -> str:
    return code.strip().upper()


@cache
def _hcpcs_tables() -> tuple[dict[str, HcpcsRecord], dict[str, HcpcsRecord]]:
    # Parsed once per process (~0.1 s); procedure codes and modifiers share a namespace in the file
    # (e.g. "A1" modifier vs "A1234" code) so they are kept in separate tables.
    procedures: dict[str, HcpcsRecord] = {}
    modifiers: dict[str, HcpcsRecord] = {}
    for row in read_csv_rows(HCPCS_FILE):
        record = HcpcsRecord(
            code=normalize_hcpcs(row["HCPC"]),
            is_modifier=row["RECID"] == _RECORD_MODIFIER,
            short_description=row["SHORT DESCRIPTION"],
            long_description=row["LONG DESCRIPTION"],
            add_date=parse_yyyymmdd(row["ADD DT"]),
            action_effective_date=parse_yyyymmdd(row["ACT EFF DT"]),
            termination_date=parse_yyyymmdd(row["TERM DT"]),
            action_code=row["ACTION CD"],
            coverage_code=row["COV"],
        )
        if row["RECID"] == _RECORD_PROCEDURE:
            procedures[record.code] = record
        elif record.is_modifier:
            modifiers[record.code] = record
    return procedures, modifiers


def hcpcs_code(code: str) -> HcpcsRecord | None:
    """Look up a HCPCS Level II procedure/supply code regardless of date."""
    return _hcpcs_tables()[0].get(normalize_hcpcs(code))


def hcpcs_modifier(code: str) -> HcpcsRecord | None:
    """Look up a HCPCS Level II modifier (RECID 7) regardless of date."""
    return _hcpcs_tables()[1].get(normalize_hcpcs(code))


def is_valid_on(code: str, date_of_service: date) -> bool:
    """True if the HCPCS Level II code exists and is in force on the date of service."""
    record = hcpcs_code(code)
    return record is not None and record.is_valid_on(date_of_service)


def modifier_is_valid_on(code: str, date_of_service: date) -> bool:
    record = hcpcs_modifier(code)
    return record is not None and record.is_valid_on(date_of_service)
