"""Payer contracts: what each payer agreed to allow a clinic, per code, on a date of service.

A contract row is a percent of the Medicare national fee schedule (rcm_codesets; E/M and other procedures apart,
the facility or non-facility amount by place of service), or an explicit rate for one code. The most specific
row wins: the clinic's own before one for every clinic (`*`), an explicit rate before a percent. Rows for the
same payer, clinic and code may not overlap in time: the file is refused at load, naming both rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib.resources import files
from typing import Literal

from rcm_codesets import medicare_fee, place_of_service
from rcm_codesets.fees import is_evaluation_management

ANY = "*"
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
Basis = Literal["medicare_percent", "rate"]
COLUMNS = (
    "payer_id",
    "clinic",
    "code",
    "basis",
    "em_percent",
    "procedure_percent",
    "rate",
    "effective_from",
    "effective_to",
)


class ContractFileError(ValueError):
    """The contracts file cannot be used as it is; the message names the row(s) and the column."""


@dataclass(frozen=True)
class ContractRow:
    row: int
    """The line of the file (the header is line 1), for messages a person can act on."""
    payer_id: str
    clinic: str
    code: str
    basis: Basis
    em_percent: Decimal | None
    procedure_percent: Decimal | None
    rate: Decimal | None
    effective_from: date
    effective_to: date | None

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def overlaps(self, other: ContractRow) -> bool:
        ends = self.effective_to or date.max
        other_ends = other.effective_to or date.max
        return self.effective_from <= other_ends and other.effective_from <= ends

    def describe(self) -> str:
        """What a letter or a work item quotes: payer, clinic, terms and dates (row number for the file)."""
        clinic = "every clinic" if self.clinic == ANY else f"clinic {self.clinic}"
        if self.basis == "rate":
            terms = f"${self.rate} per unit of {self.code}"
        else:
            terms = f"{self.em_percent}% (E/M) / {self.procedure_percent}% (other procedures) of Medicare"
        until = f" to {self.effective_to.isoformat()}" if self.effective_to else ""
        return f"{self.payer_id} for {clinic}: {terms}, from {self.effective_from.isoformat()}{until} (row {self.row})"

    def unit_amount(self, code: str, on: date, place: str) -> Decimal | None:
        if self.basis == "rate":
            return self.rate
        found = place_of_service(place)
        facility = found.medicare_facility_rate if found is not None else False
        base = medicare_fee(code, on, facility=facility, include_non_payable=True)
        percent = self.em_percent if is_evaluation_management(code) else self.procedure_percent
        if base is None or percent is None:
            return None
        return (base * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Expected:
    amount: Decimal
    row: ContractRow


class ContractBook:
    def __init__(self, rows: list[ContractRow]) -> None:
        self.rows = rows

    def row_for(self, payer_id: str, clinic: str, code: str, on: date) -> ContractRow | None:
        candidates = [
            row
            for row in self.rows
            if row.payer_id == payer_id
            and row.clinic in (clinic, ANY)
            and row.code in (code, ANY)
            and row.covers(on)
        ]
        # The clinic's own contract first, then an explicit rate for the code before a percent.
        candidates.sort(key=lambda row: (row.clinic == ANY, row.code == ANY))
        return candidates[0] if candidates else None

    def expected_allowed(
        self, payer_id: str, clinic: str, code: str, units: Decimal, on: date, place: str
    ) -> Expected | None:
        """The contracted allowed amount for a line (per unit x units), or None: no contract, or no fee on file."""
        row = self.row_for(payer_id, clinic, code, on)
        if row is None:
            return None
        per_unit = row.unit_amount(code, on, place)
        if per_unit is None:
            return None
        return Expected((per_unit * units).quantize(CENT, rounding=ROUND_HALF_UP), row)


def _decimal(value: str, row: int, column: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise ContractFileError(f"contracts row {row}: {column} is not a number") from None
    if amount <= 0:
        raise ContractFileError(f"contracts row {row}: {column} must be more than 0")
    return amount


def _date(value: str, row: int, column: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ContractFileError(f"contracts row {row}: {column} is not a date (YYYY-MM-DD)") from None


def _row(values: dict[str, str], row: int) -> ContractRow:
    basis = values["basis"].strip()
    if basis not in ("medicare_percent", "rate"):
        raise ContractFileError(f"contracts row {row}: basis must be medicare_percent or rate")
    payer_id, clinic, code = (
        values["payer_id"].strip(),
        values["clinic"].strip(),
        values["code"].strip().upper(),
    )
    if not payer_id or not clinic or not code:
        raise ContractFileError(f"contracts row {row}: payer_id, clinic and code are required ({ANY}: every)")
    em, procedures = (
        _decimal(values["em_percent"], row, "em_percent"),
        _decimal(values["procedure_percent"], row, "procedure_percent"),
    )
    rate = _decimal(values["rate"], row, "rate")
    if basis == "medicare_percent" and (em is None or procedures is None or code != ANY):
        raise ContractFileError(
            f"contracts row {row}: a medicare_percent row has code {ANY}, em_percent and procedure_percent"
        )
    if basis == "rate" and (rate is None or code == ANY):
        raise ContractFileError(f"contracts row {row}: a rate row names one code and its rate")
    starts = _date(values["effective_from"], row, "effective_from")
    if starts is None:
        raise ContractFileError(f"contracts row {row}: effective_from is required")
    ends = _date(values["effective_to"], row, "effective_to")
    if ends is not None and ends < starts:
        raise ContractFileError(f"contracts row {row}: effective_to is before effective_from")
    kind: Basis = "rate" if basis == "rate" else "medicare_percent"
    return ContractRow(row, payer_id, clinic, code, kind, em, procedures, rate, starts, ends)


def shipped_contracts() -> ContractBook:
    """The contracts of the demo and the tests (contracts_data/SOURCES.md)."""
    return load_contracts(files("rcm_remittance.contracts_data").joinpath("contracts.csv").read_text("utf-8"))


def load_contracts(text: str) -> ContractBook:
    """Parse and check a contracts CSV; raises ContractFileError naming the row(s) that are wrong."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ContractFileError(f"contracts file: missing column(s) {', '.join(missing)}")
    rows = [_row(values, number) for number, values in enumerate(reader, start=2)]
    seen: dict[tuple[str, str, str], list[ContractRow]] = {}
    for row in rows:
        for earlier in seen.setdefault((row.payer_id, row.clinic, row.code), []):
            if earlier.overlaps(row):
                raise ContractFileError(
                    f"contracts rows {earlier.row} and {row.row} overlap: {row.payer_id}, clinic {row.clinic}, "
                    f"code {row.code}, {earlier.effective_from}..{earlier.effective_to or 'open'} and "
                    f"{row.effective_from}..{row.effective_to or 'open'}"
                )
        seen[(row.payer_id, row.clinic, row.code)].append(row)
    return ContractBook(rows)
