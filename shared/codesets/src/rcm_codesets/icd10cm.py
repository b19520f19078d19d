"""ICD-10-CM diagnosis codes, from the `simple-icd-10-cm` package's data (CDC/CMS public-domain release).

Lookups read a compact code table derived once per release from the package (see icd10cm_table): the package
itself parses its XML into about 170 MB of objects, which long-running services should not carry.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

from rcm_codesets.icd10cm_table import load_table

_TABULAR_FILE_PATTERN = re.compile(r"icd10c-tabular-(?P<month>[A-Za-z]+)-(?P<day>\d+)-(?P<year>\d{4})\.xml")
_MONTHS = {name: index for index, name in enumerate(calendar.month_name) if name}


def _table() -> dict[str, tuple[bool, str]]:
    return load_table(icd10cm_release().tabular_file)


def normalize_icd10cm(code: str) -> str:
    """Canonical storage form: upper case, no dot, no spaces (as sent in 837 HI segments)."""
    return code.strip().upper().replace(".", "").replace(" ", "")


def format_icd10cm(code: str, with_dot: bool = True) -> str:
    """Display form: the dot goes after the third character (E119 -> E11.9)."""
    bare = normalize_icd10cm(code)
    if not with_dot or len(bare) <= 3:
        return bare
    return f"{bare[:3]}.{bare[3:]}"


def icd10cm_exists(code: str) -> bool:
    """True for categories, subcategories and full codes; chapters and blocks are not codes."""
    return normalize_icd10cm(code) in _table()


def icd10cm_is_billable(code: str) -> bool:
    """Only leaf codes (no children, 7th character included where required) may go on a claim."""
    entry = _table().get(normalize_icd10cm(code))
    return entry is not None and entry[0]


def icd10cm_description(code: str) -> str | None:
    entry = _table().get(normalize_icd10cm(code))
    return None if entry is None else entry[1]


@dataclass(frozen=True, slots=True)
class Icd10CmRelease:
    """Which CDC release the package carries; ICD-10-CM fiscal years run 1 October to 30 September."""

    fiscal_year: int
    update_effective: date
    tabular_file: str

    @property
    def fiscal_year_start(self) -> date:
        return date(self.fiscal_year - 1, 10, 1)

    @property
    def fiscal_year_end(self) -> date:
        return date(self.fiscal_year, 9, 30)

    def covers(self, date_of_service: date) -> bool:
        """True when this release is the code set in force on the date of service."""
        return self.update_effective <= date_of_service <= self.fiscal_year_end


@cache
def icd10cm_release() -> Icd10CmRelease:
    """Read the release from the package's own data files (file name + <version> element)."""
    # Found without importing the package: its import parses the whole XML (about 170 MB kept for good).
    spec = find_spec("simple_icd_10_cm")
    assert spec is not None and spec.submodule_search_locations, "simple-icd-10-cm is not installed"
    data_dir = Path(next(iter(spec.submodule_search_locations))) / "data"
    tabular_name = next(
        entry.name for entry in data_dir.iterdir() if _TABULAR_FILE_PATTERN.fullmatch(entry.name)
    )
    match = _TABULAR_FILE_PATTERN.fullmatch(tabular_name)
    assert match is not None
    head = data_dir.joinpath(tabular_name).read_text(encoding="utf-8")[:400]
    version = re.search(r"<version>(\d{4})</version>", head)
    fiscal_year = int(version.group(1)) if version else int(match["year"])
    update_effective = date(int(match["year"]), _MONTHS[match["month"].capitalize()], int(match["day"]))
    return Icd10CmRelease(
        fiscal_year=fiscal_year, update_effective=update_effective, tabular_file=tabular_name
    )


Sex = Literal["F", "M"]


@dataclass(frozen=True, slots=True)
class DemographicHint:
    """A soft edit hint: the code is expected for one sex and/or an age range. Callers decide severity."""

    first_code: str
    last_code: str
    sex: Sex | None
    min_age_years: int | None
    max_age_years: int | None
    why: str


# Deliberately small and explicit: each row is a well-known edit, by 3-character category range.
_DEMOGRAPHIC_HINTS: tuple[DemographicHint, ...] = (
    DemographicHint(
        "O00",
        "O9A",
        "F",
        12,
        55,
        "Chapter 15 pregnancy/childbirth codes apply to mothers only; "
        "12-55 is the conventional maternity age edit",
    ),
    DemographicHint("Z3A", "Z3A", "F", 12, 55, "Weeks-of-gestation codes go on the mother's record only"),
    DemographicHint("Z34", "Z34", "F", 12, 55, "Supervision of normal pregnancy"),
    DemographicHint("Z37", "Z37", "F", 12, 55, "Outcome of delivery is coded on the mother's record"),
    DemographicHint("Z39", "Z39", "F", 12, 55, "Postpartum care and examination"),
    DemographicHint(
        "P00",
        "P96",
        None,
        0,
        0,
        "Perinatal conditions are normally coded for newborns; guidelines "
        "allow later use if the condition persists, so treat as a warning",
    ),
    DemographicHint("C51", "C58", "F", None, None, "Malignancies of female genital organs"),
    DemographicHint("N70", "N98", "F", None, None, "Diseases of female pelvic and genital organs"),
    DemographicHint("C60", "C63", "M", None, None, "Malignancies of male genital organs"),
    DemographicHint("N40", "N53", "M", None, None, "Diseases of male genital organs"),
)


def icd10cm_demographic_hint(code: str) -> DemographicHint | None:
    """Return the sex/age hint that applies to a diagnosis, if any (first match wins)."""
    category = normalize_icd10cm(code)[:3]
    for hint in _DEMOGRAPHIC_HINTS:
        if hint.first_code <= category <= hint.last_code:
            return hint
    return None


def iter_billable_icd10cm() -> Iterator[tuple[str, str]]:
    """Yield (dotless code, description) for every billable code: the raw feed for a coding-search index."""
    for code, (billable, description) in _table().items():
        if billable:
            yield code, description


@cache
def _billable_index() -> tuple[tuple[str, str, str], ...]:
    # (code, description, search text) kept as one compact tuple, built on first search. The search text is
    # space-padded and stripped of punctuation so a query word can be matched at the start of a word.
    return tuple((code, text, _search_text(f"{code} {text}")) for code, text in iter_billable_icd10cm())


def _search_text(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "


def search_icd10cm(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """Naive all-words (word-prefix) match over billable codes and descriptions.

    Enough for a coding-assist prototype; a real index (trigram/BM25) can be built from the same feed.
    """
    words = [f" {word}" for word in _search_text(query.replace(".", "")).split()]
    if not words:
        return []
    hits: list[tuple[str, str]] = []
    for code, text, haystack in _billable_index():
        if all(word in haystack for word in words):
            hits.append((code, text))
            if len(hits) >= limit:
                break
    return hits
