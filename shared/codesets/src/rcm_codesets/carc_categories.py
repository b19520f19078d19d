"""Our own category for every current CARC (data/carc_categories.csv): what kind of adjustment a code reports.

X12 publishes no categories, so the table is ours: it names every code the X12 list has not deactivated, and a
code missing from it is one nobody here has read (newer than our list, retired, or a typo). Such a code is
"unknown" rather than guessed at: callers route it to a person instead of counting it as anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from types import MappingProxyType

from rcm_codesets._data import read_csv_rows
from rcm_codesets.adjustment_codes import carc_is_valid_on

UNKNOWN = "unknown"

CARC_CATEGORIES: frozenset[str] = frozenset(
    {
        "contractual",  # the payer contract or fee schedule explains the amount
        "patient_share",  # deductible, coinsurance, copay and other amounts the patient owes
        "coordination_of_benefits",  # another payer (or plan, or a liability carrier) answers first
        "eligibility_registration",  # the patient's coverage or identity
        "provider_eligibility",  # the provider's enrolment, network, specialty or identifier
        "authorization",  # prior authorisation, notification or referral
        "coding",  # procedure, diagnosis, modifier, place of service or bill type as billed
        "bundling",  # paid as part of another service or under multiple-procedure rules
        "medical_necessity",  # the payer judged the service, its level or amount not necessary
        "non_covered",  # excluded by the plan or over a benefit limit
        "timely_filing",  # a filing or appeal deadline was missed
        "duplicate",  # already paid or billed
        "documentation",  # records, attachments or prescriptions were missing or deficient
        "payer_processing",  # pended, paid to someone else, deferred: the payer's own handling
        "informational",  # reported for information; no money to work
        "other_adjustment",  # payment components, taxes, fees, penalties, refunds, and the generic denial
    }
)
"""Every category the table may use; "unknown" is not one of them, it is the absence of one."""


@cache
def _categories() -> Mapping[str, str]:
    table: dict[str, str] = {}
    for row in read_csv_rows("carc_categories.csv"):
        code, category = row["code"].upper(), row["category"]
        if code in table:
            raise ValueError(f"carc_categories.csv lists CARC {code} twice")
        if category not in CARC_CATEGORIES:
            raise ValueError(f"carc_categories.csv gives CARC {code} the unknown category {category!r}")
        table[code] = category
    return MappingProxyType(table)


def carc_category_table() -> Mapping[str, str]:
    """The whole table, read-only: code -> our category."""
    return _categories()


def carc_category(code: str, on: date | None = None) -> str:
    """Our category for a CARC; "unknown" for a code not in the table, or (given `on`, the date of service)
    a code the X12 list does not have in force on that day."""
    key = code.strip().upper()
    category = _categories().get(key)
    if category is None or (on is not None and not carc_is_valid_on(key, on)):
        return UNKNOWN
    return category
