"""ICD-10-CM diagnosis codes, backed by the `simple-icd-10-cm` package (CDC/CMS public-domain release).

The package parses its XML on first import (~2 s), so it is imported lazily: services that never touch
diagnoses do not pay that cost.
"""

from __future__ import annotations

import calendar
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from types import ModuleType
from typing import Literal

_TABULAR_FILE_PATTERN = re.compile(r"icd10c-tabular-(?P<month>[A-Za-z]+)-(?P<day>\d+)-(?P<year>\d{4})\.xml")
_MONTHS = {name: index for index, name in enumerate(calendar.month_name) if name}


@cache
def _icd() -> ModuleType:
    # Deliberately lazy (see module docstring); the package uses deprecated importlib APIs, which is
    # its concern, not our callers', so those warnings are silenced here only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    module: ModuleType = simple_icd_10_cm  # the package is untyped; pin the type for callers
    return module


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
    icd = _icd()
    bare = normalize_icd10cm(code)
    return bool(bare) and icd.is_valid_item(bare) and not icd.is_chapter_or_block(bare)


def icd10cm_is_billable(code: str) -> bool:
    """Only leaf codes (no children, 7th character included where required) may go on a claim."""
    return icd10cm_exists(code) and bool(_icd().is_leaf(normalize_icd10cm(code)))


def icd10cm_description(code: str) -> str | None:
    if not icd10cm_exists(code):
        return None
    return str(_icd().get_description(normalize_icd10cm(code)))


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
    data_dir = files("simple_icd_10_cm").joinpath("data")
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
    icd = _icd()
    for code in icd.get_all_codes(False):
        if icd.is_leaf(code) and not icd.is_chapter_or_block(code):
            yield code, str(icd.get_description(code))


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
