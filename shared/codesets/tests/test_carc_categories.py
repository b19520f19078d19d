"""Our category table for CARCs: every current code has exactly one known category; anything else is unknown."""

import csv
import io
from datetime import date

import pytest
from rcm_codesets._data import data_text
from rcm_codesets.carc_categories import CARC_CATEGORIES, UNKNOWN, carc_category, carc_category_table

# carc_usage.csv says patient_responsibility and other where the full table is more specific.
USAGE_NAMES = {"patient_responsibility": "patient_share"}


def _rows(file_name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_text(file_name))))


def _current_carcs() -> set[str]:
    return {row["code"] for row in _rows("carc_values.csv") if not row["stop_date"].strip()}


def test_every_current_carc_has_a_category_and_nothing_else_is_listed() -> None:
    assert set(carc_category_table()) == _current_carcs()
    assert len(_current_carcs()) == 297


def test_no_code_is_listed_twice_and_every_category_is_a_known_one() -> None:
    codes = [row["code"] for row in _rows("carc_categories.csv")]
    assert len(codes) == len(set(codes))
    assert {row["category"] for row in _rows("carc_categories.csv")} <= CARC_CATEGORIES
    assert UNKNOWN not in CARC_CATEGORIES


def test_the_file_holds_codes_and_category_names_only() -> None:
    assert _rows("carc_categories.csv")[0].keys() == {"code", "category"}


def test_the_table_agrees_with_the_categories_of_the_platform_codes() -> None:
    for row in _rows("carc_usage.csv"):
        ours = carc_category(row["code"])
        if row["code"] not in _current_carcs():
            assert ours == UNKNOWN  # 15 and 125 were deactivated by X12
        elif row["category"] != "other":
            assert ours == USAGE_NAMES.get(row["category"], row["category"]), row["code"]


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("45", "contractual"),
        ("253", "contractual"),
        ("2", "patient_share"),
        ("197", "authorization"),
        ("29", "timely_filing"),
        ("p24", "contractual"),
        (" b13 ", "duplicate"),
        ("A1", "other_adjustment"),
    ],
)
def test_known_codes(code: str, category: str) -> None:
    assert carc_category(code) == category


@pytest.mark.parametrize("code", ["Z9", "999", "", "15", "D1"])
def test_a_code_not_in_the_table_is_unknown(code: str) -> None:
    # Z9 and 999 do not exist; 15 and D1 were deactivated: none of them has a category of ours.
    assert carc_category(code) == UNKNOWN


def test_the_date_of_service_is_judged_against_the_code_start_date() -> None:
    assert carc_category("308", on=date(2025, 11, 1)) == "contractual"
    assert carc_category("308", on=date(2025, 10, 31)) == UNKNOWN  # before X12 started it
    assert carc_category("Z9", on=date(2025, 11, 1)) == UNKNOWN
