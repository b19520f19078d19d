"""CMS place-of-service codes with effective dates and the Medicare facility/non-facility rate flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from rcm_codesets._data import EffectivePeriod, parse_iso_date, read_csv_rows

# 02 = telehealth other than in the patient's home; 10 = telehealth in the patient's home (from 2022).
TELEHEALTH_POS: frozenset[str] = frozenset({"02", "10"})


@dataclass(frozen=True, slots=True)
class PlaceOfService:
    code: str
    name: str
    effective_from: date | None
    termination_date: date | None
    # Medicare pays the (lower) facility PFS amount in these settings; everywhere else non-facility.
    medicare_facility_rate: bool

    @property
    def is_telehealth(self) -> bool:
        return self.code in TELEHEALTH_POS

    def is_valid_on(self, date_of_service: date) -> bool:
        return EffectivePeriod(self.effective_from, self.termination_date).contains(date_of_service)


def normalize_pos(code: str) -> str:
    """POS codes are two digits; '2' from a sloppy feed means '02'."""
    return code.strip().zfill(2)


@cache
def _places() -> dict[str, PlaceOfService]:
    return {
        row["code"]: PlaceOfService(
            code=row["code"],
            name=row["name"],
            effective_from=parse_iso_date(row["effective_from"]),
            termination_date=parse_iso_date(row["termination_date"]),
            medicare_facility_rate=row["medicare_facility_rate"] == "Y",
        )
        for row in read_csv_rows("place_of_service.csv")
    }


def place_of_service(code: str, on: date | None = None) -> PlaceOfService | None:
    """Look up a POS; with `on`, codes not yet (or no longer) in force return None."""
    found = _places().get(normalize_pos(code))
    if found is None or (on is not None and not found.is_valid_on(on)):
        return None
    return found


def all_places_of_service() -> list[PlaceOfService]:
    return sorted(_places().values(), key=lambda place: place.code)
