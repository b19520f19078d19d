"""The clinic's fee schedule: what each line is charged (the chargemaster), never what a payer pays.

rcm_codesets.clinic_charge (Medicare national x 2, rounded to $5) first, then the clinic's own chargemaster
(the settings' fee-schedule file) for codes Medicare does not price (add-ons, vaccines, some procedures). A
code with no price gets a zero charge, which the scrubber's data.line_charge rule holds for a biller instead
of sending $0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from rcm_codesets import clinic_charge

CENT = Decimal("0.01")


class ClinicFeeSchedule:
    def __init__(self, chargemaster: Mapping[str, Decimal] | None = None) -> None:
        self.chargemaster = dict(chargemaster or {})

    def unit_price(self, code: str, on: date) -> Decimal:
        price = clinic_charge(code, on)
        if price is None:
            price = self.chargemaster.get(code, Decimal("0"))
        return price.quantize(CENT)

    def line_charge(self, code: str, units: int, on: date) -> Decimal:
        return (self.unit_price(code, on) * units).quantize(CENT)
