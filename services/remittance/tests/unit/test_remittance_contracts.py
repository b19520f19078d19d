"""Payer contracts: percent-of-Medicare and explicit rates by date of service; overlapping rows refused naming
both; an allowed amount below the contract by more than the tolerance is an underpayment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from rcm_codesets import medicare_fee
from rcm_remittance.domain.contracts import ContractFileError, load_contracts, shipped_contracts
from rcm_remittance.domain.underpayment import PaidLine, UnderpaymentCheck
from rcm_remittance.settings import RemittanceSettings

D = Decimal
HEADER = "payer_id,clinic,code,basis,em_percent,procedure_percent,rate,effective_from,effective_to\n"
DOS = date(2026, 3, 2)
ROWS = HEADER + (
    "NWHP1,*,*,medicare_percent,115,130,,2025-01-01,2025-12-31\n"
    "NWHP1,*,*,medicare_percent,120,130,,2026-01-01,\n"
    "NWHP1,clinic-a,99214,rate,,,150.00,2026-01-01,\n"
)


def test_a_percent_row_prices_em_and_procedures_apart_by_the_date_of_service() -> None:
    book = load_contracts(ROWS)
    base = medicare_fee("99213", DOS)
    assert base is not None
    expected = book.expected_allowed("NWHP1", "clinic-b", "99213", D(1), DOS, "11")
    assert expected is not None and expected.amount == (base * D("1.20")).quantize(D("0.01"))
    last_year = book.expected_allowed("NWHP1", "clinic-b", "99213", D(1), date(2025, 6, 1), "11")
    assert last_year is not None and last_year.row.row == 2
    lab = medicare_fee("36415", DOS)
    priced = book.expected_allowed("NWHP1", "clinic-b", "36415", D(2), DOS, "11")
    assert (
        lab is not None and priced is not None and priced.amount == (lab * D("1.30")).quantize(D("0.01")) * 2
    )


def test_a_clinics_own_rate_wins_over_the_payers_percent() -> None:
    expected = load_contracts(ROWS).expected_allowed("NWHP1", "clinic-a", "99214", D(1), DOS, "11")
    assert expected is not None and (expected.amount, expected.row.row) == (D("150.00"), 4)
    assert load_contracts(ROWS).expected_allowed("CCPPO", "clinic-a", "99214", D(1), DOS, "11") is None


def test_overlapping_rows_are_refused_naming_both() -> None:
    overlapping = ROWS + "NWHP1,*,*,medicare_percent,125,140,,2026-06-01,2026-12-31\n"
    with pytest.raises(ContractFileError, match="rows 3 and 5 overlap"):
        load_contracts(overlapping)


@pytest.mark.parametrize(
    ("row", "named"),
    [
        ("NWHP1,*,*,fixed,100,100,,2026-01-01,", "basis"),
        ("NWHP1,*,*,medicare_percent,abc,100,,2026-01-01,", "em_percent"),
        ("NWHP1,*,99213,rate,,,,2026-01-01,", "rate row"),
        ("NWHP1,*,*,medicare_percent,100,100,,2026-13-01,", "effective_from"),
        ("NWHP1,*,*,medicare_percent,100,100,,2026-02-01,2026-01-01", "effective_to is before"),
    ],
)
def test_a_bad_row_is_refused_naming_it(row: str, named: str) -> None:
    with pytest.raises(ContractFileError, match=f"row 2.*{named}|{named}.*row 2|row 2: {named}"):
        load_contracts(HEADER + row + "\n")


def test_the_shipped_contracts_load() -> None:
    assert {row.payer_id for row in shipped_contracts().rows} >= {"MCR01", "NWHP1", "CCPPO", "MCD01"}


def _line(allowed: str, *, paid: str = "100.00", charge: str = "300.00") -> PaidLine:
    return PaidLine(1, "99214", D(1), D(charge), D(allowed), D(paid), DOS, "11")


def test_an_allowed_amount_below_the_contract_by_more_than_the_tolerance_is_underpaid() -> None:
    check = UnderpaymentCheck(load_contracts(ROWS))  # clinic-a: 150.00; tolerance max(1.00, 2%) = 3.00
    (found,) = check.underpaid("NWHP1", "clinic-a", "1", [_line("142.50")])  # 5% under
    assert (found.expected, found.gap) == (D("150.00"), D("7.50"))
    assert check.underpaid("NWHP1", "clinic-a", "1", [_line("147.00")]) == []  # within the tolerance
    assert len(check.underpaid("NWHP1", "clinic-a", "1", [_line("146.99")])) == 1  # just past it
    assert check.underpaid("NWHP1", "clinic-a", "2", [_line("100.00")]) == []  # a secondary's COB allowed
    assert check.underpaid("NWHP1", "clinic-a", "1", [_line("100.00", paid="0.00")]) == []  # a denied line
    assert (
        check.underpaid("NWHP1", "clinic-a", "1", [_line("120.00", charge="120.00")]) == []
    )  # lesser of charge


def test_a_contracts_file_that_cannot_be_used_is_a_bad_setting(tmp_path: Path) -> None:
    overlapping = tmp_path / "contracts.csv"
    overlapping.write_text(
        ROWS + "NWHP1,*,*,medicare_percent,125,140,,2026-06-01,2026-12-31\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError, match="rows 3 and 5 overlap"):
        RemittanceSettings(contracts_file=overlapping)
    with pytest.raises(ValidationError, match="cannot read the contracts file"):
        RemittanceSettings(contracts_file=tmp_path / "missing.csv")
    good = tmp_path / "good.csv"
    good.write_text(ROWS, encoding="utf-8")
    assert RemittanceSettings(contracts_file=good).contracts_file == good
