"""Claim Adjustment Reason Codes (CARC), Remittance Advice Remark Codes (RARC) and group codes.

Values and dates come from the X12 code lists; every description here is our own wording (X12's text is
copyrighted). Only codes the platform emits or interprets carry a description and category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from rcm_codesets._data import parse_iso_date, read_csv_rows


class CarcCategory(StrEnum):
    ELIGIBILITY_REGISTRATION = "eligibility_registration"
    CODING = "coding"
    BUNDLING = "bundling"
    AUTHORIZATION = "authorization"
    MEDICAL_NECESSITY = "medical_necessity"
    TIMELY_FILING = "timely_filing"
    DUPLICATE = "duplicate"
    COORDINATION_OF_BENEFITS = "coordination_of_benefits"
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    CONTRACTUAL = "contractual"
    NON_COVERED = "non_covered"
    DOCUMENTATION = "documentation"
    PROVIDER_ELIGIBILITY = "provider_eligibility"
    OTHER = "other"


# 835 CAS01 group codes (5010): who bears the adjusted amount.
GROUP_CODES: dict[str, str] = {
    "CO": "Contractual obligation: provider writes the amount off and may not bill the patient",
    "PR": "Patient responsibility: may be billed to the patient or a secondary payer",
    "OA": "Other adjustment: neither CO nor PR applies (e.g. prior-payer impact on a secondary claim)",
    "PI": "Payer-initiated reduction without a contract basis; not billable to the patient",
}


@dataclass(frozen=True, slots=True)
class AdjustmentCode:
    """One CARC or RARC value. start/stop come from X12; the code may not be used on or after stop_date."""

    code: str
    start_date: date | None
    stop_date: date | None
    last_modified: date | None
    our_description: str | None
    category: CarcCategory | None

    def is_valid_on(self, day: date) -> bool:
        if self.start_date is not None and day < self.start_date:
            return False
        return self.stop_date is None or day < self.stop_date


def _load(values_file: str, usage_file: str, with_category: bool) -> dict[str, AdjustmentCode]:
    usage = {row["code"]: row for row in read_csv_rows(usage_file)}
    table: dict[str, AdjustmentCode] = {}
    for row in read_csv_rows(values_file):
        ours = usage.get(row["code"], {})
        table[row["code"]] = AdjustmentCode(
            code=row["code"],
            start_date=parse_iso_date(row["start_date"]),
            stop_date=parse_iso_date(row["stop_date"]),
            last_modified=parse_iso_date(row["last_modified"]),
            our_description=ours.get("our_description"),
            category=CarcCategory(ours["category"]) if with_category and "category" in ours else None,
        )
    return table


@cache
def _carcs() -> dict[str, AdjustmentCode]:
    return _load("carc_values.csv", "carc_usage.csv", with_category=True)


@cache
def _rarcs() -> dict[str, AdjustmentCode]:
    return _load("rarc_values.csv", "rarc_usage.csv", with_category=False)


def carc(code: str) -> AdjustmentCode | None:
    return _carcs().get(code.strip().upper())


def rarc(code: str) -> AdjustmentCode | None:
    return _rarcs().get(code.strip().upper())


def carc_is_valid_on(code: str, day: date) -> bool:
    found = carc(code)
    return found is not None and found.is_valid_on(day)


def rarc_is_valid_on(code: str, day: date) -> bool:
    found = rarc(code)
    return found is not None and found.is_valid_on(day)


def carc_category(code: str) -> CarcCategory:
    """Category of the 43 codes in carc_usage.csv; any other code falls into OTHER.

    rcm_codesets.carc_categories.carc_category covers every current CARC (and says "unknown" for the rest).
    """
    found = carc(code)
    return found.category if found is not None and found.category is not None else CarcCategory.OTHER


def carcs_in_category(category: CarcCategory) -> list[str]:
    return sorted(code for code, value in _carcs().items() if value.category == category)
