"""Importer for the clinic's chargemaster: its own price of each code Medicare does not price.

Layout (CSV): `code,price`, one code a row, a header line allowed (a row whose first cell is not a code is
skipped); prices in dollars with up to two decimal places.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

_CODE = re.compile(r"^[0-9A-Z]{5}$")


def read_chargemaster(text: str) -> dict[str, Decimal]:
    prices: dict[str, Decimal] = {}
    for row in csv.reader(io.StringIO(text)):
        cells = [cell.strip() for cell in row]
        if len(cells) < 2 or not _CODE.match(cells[0].upper()):
            continue
        try:
            price = Decimal(cells[1].lstrip("$"))
        except InvalidOperation:
            raise ValueError(f"chargemaster row {cells[0]}: price {cells[1]!r}") from None
        if price < 0 or price != price.quantize(Decimal("0.01")):
            raise ValueError(f"chargemaster row {cells[0]}: price {cells[1]!r}")
        prices[cells[0].upper()] = price
    return prices
