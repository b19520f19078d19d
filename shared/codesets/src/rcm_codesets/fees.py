"""Medicare national fee amounts (PFS, GPCI = 1.0; selected CLFS lab limits) and clinic/contract pricing.

Amounts are Decimal dollars. A fee is looked up by the calendar year of the date of service, because each
CMS fee schedule runs 1 January to 31 December.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from rcm_codesets._data import read_csv_rows
from rcm_codesets.payers import Payer

PFS_FILE = "medicare_pfs_national_2025_2026.csv"
CLFS_FILE = "medicare_clfs_2025_selected.csv"
# PFS status codes that carry a Medicare payment amount (A active, R restricted, T paid-if-only-service).
_PAYABLE_STATUSES = frozenset({"A", "R", "T"})
# §4e default: clinic charge = Medicare non-facility national x 2.0 (primary care), rounded to $5.
DEFAULT_CHARGE_MULTIPLE = Decimal("2.0")
DEFAULT_CHARGE_ROUNDING = Decimal("5")
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class MedicareFee:
    code: str
    year: int
    status: str  # PFS status indicator; "CLFS" for lab codes priced on the lab fee schedule
    non_facility: Decimal | None
    facility: Decimal | None

    @property
    def medicare_payable(self) -> bool:
        return self.status == "CLFS" or self.status in _PAYABLE_STATUSES


def _money(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


@cache
def _fee_table() -> dict[tuple[str, int], MedicareFee]:
    table: dict[tuple[str, int], MedicareFee] = {}
    for row in read_csv_rows(PFS_FILE):
        for year in (2025, 2026):
            # Column names differ by year: 2026 amounts are the non-QP conversion factor amounts.
            suffix = "_nonQP" if year == 2026 else ""
            status = row[f"status_{year}"]
            if not status:
                continue  # code not extracted for that year
            table[(row["hcpcs"], year)] = MedicareFee(
                code=row["hcpcs"],
                year=year,
                status=status,
                non_facility=_money(row[f"nonfac_usd_{year}{suffix}"]),
                facility=_money(row[f"fac_usd_{year}{suffix}"]),
            )
    for row in read_csv_rows(CLFS_FILE):
        amount = Decimal(row["national_limit_usd"])
        # Labs have one national limit regardless of setting.
        year = int(row["year"])
        table[(row["hcpcs"], year)] = MedicareFee(row["hcpcs"], year, "CLFS", amount, amount)
    return table


def medicare_fee_record(code: str, year: int) -> MedicareFee | None:
    return _fee_table().get((code.strip().upper(), year))


def medicare_fee(
    code: str, on: date, facility: bool = False, include_non_payable: bool = False
) -> Decimal | None:
    """Medicare national amount for the date of service's year; None when not on file or not payable.

    include_non_payable returns the RVU-based amount even for status N/I codes (e.g. 99396 preventive
    visits), which commercial fee schedules still use as a base.
    """
    record = medicare_fee_record(code, on.year)
    if record is None:
        # Only the 2025 lab fee schedule (CLFS) is on file; a lab code keeps its latest limit until replaced.
        earlier = medicare_fee_record(code, on.year - 1)
        record = earlier if earlier is not None and earlier.status == "CLFS" else None
    if record is None or not (record.medicare_payable or include_non_payable):
        return None
    return record.facility if facility else record.non_facility


def clinic_charge(
    code: str,
    on: date,
    multiple: Decimal = DEFAULT_CHARGE_MULTIPLE,
    round_to: Decimal = DEFAULT_CHARGE_ROUNDING,
) -> Decimal | None:
    """Chargemaster price: one charge per code for all payers, so CO-45 is always positive."""
    base = medicare_fee(code, on, facility=False, include_non_payable=True)
    if base is None:
        return None
    steps = (base * multiple / round_to).to_integral_value(rounding=ROUND_HALF_UP)
    return max(steps, Decimal(1)) * round_to


def is_evaluation_management(code: str) -> bool:
    # E/M and telehealth E/M families, priced with the payer's E/M multiplier (§4c).
    return code.startswith(("992", "993", "994", "980", "G22"))


def contracted_amount(payer_entry: Payer, code: str, on: date, facility: bool = False) -> Decimal | None:
    """Payer's allowed amount = Medicare national x the payer's E/M or procedure multiplier, to the cent."""
    if payer_entry.fee_multipliers is None:
        return None
    base = medicare_fee(code, on, facility=facility, include_non_payable=payer_entry.payer_type != "medicare")
    if base is None:
        return None
    multipliers = payer_entry.fee_multipliers
    factor = multipliers.evaluation_management if is_evaluation_management(code) else multipliers.procedures
    return (base * factor).quantize(_CENT, rounding=ROUND_HALF_UP)
