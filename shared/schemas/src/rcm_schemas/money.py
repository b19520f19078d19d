"""Money on the wire: a Decimal quantized to cents, serialised as a string with two places.

Why a string: JSON numbers are read as binary floats by many consumers (and by Python's json module unless
told otherwise); "12.30" survives every hop unchanged, and reconciliation to the cent depends on that.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

CENT = Decimal("0.01")

# The pattern every serialised amount matches; also published in the JSON Schema so non-Python consumers know.
MONEY_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"


def _quantize(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("money must be a finite amount (no NaN or Infinity)")
    try:
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds (1e300): not an amount, and not a crash
        raise ValueError("money is out of range") from None


def _parse_money(value: Any) -> Decimal:
    """Accept str, int and Decimal (quantized half-up to cents); accept a float only if it has at most 2
    places.

    Strings and Decimals are exact, so rounding them is a deliberate, well-defined act. A float like 0.125 is
    already an approximation; silently rounding it would hide a caller's bug, so such floats are refused.
    """
    if isinstance(value, bool):  # bool is an int subclass; True is never an amount
        raise ValueError("money must be a string, integer or Decimal, not a boolean")
    if isinstance(value, Decimal):
        return _quantize(value)
    if isinstance(value, int):
        return _quantize(Decimal(value))
    if isinstance(value, str):
        try:
            return _quantize(Decimal(value.strip()))
        except InvalidOperation:
            raise ValueError("not a decimal amount") from None
    if isinstance(value, float):
        exact = Decimal(repr(value))  # repr gives the shortest round-tripping text, e.g. 12.3 -> "12.3"
        exponent = exact.as_tuple().exponent  # a str ("n", "F") for NaN and Infinity
        if not isinstance(exponent, int) or exponent < -2:
            raise ValueError("a float amount has more than 2 decimal places; send the amount as a string")
        return _quantize(exact)
    raise ValueError(f"money must be a string, integer or Decimal, got {type(value).__name__}")


def _serialise_money(value: Decimal) -> str:
    return f"{value:.2f}"


Money = Annotated[
    Decimal,
    PlainValidator(_parse_money),
    PlainSerializer(_serialise_money, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "examples": ["125.00"]}),
]
"""An amount in dollars, exact to the cent. Python side: Decimal with exponent -2; JSON side: "12.30"."""


def to_cents(amount: Decimal) -> int:
    """Whole cents of an amount (quantized half-up first), for integer arithmetic and storage."""
    return int(_quantize(amount) * 100)


def from_cents(cents: int) -> Decimal:
    """The amount of a whole number of cents, with exactly two places."""
    return (Decimal(cents) / 100).quantize(CENT)


MAX_INPUT_INTEGER_DIGITS = 11
"""Up to $99,999,999,999.99: past any charge, payment or balance, and far inside what the store holds as cents."""
_AMOUNT_TEXT = re.compile(rf"^-?[0-9]{{1,{MAX_INPUT_INTEGER_DIGITS}}}(?:\.[0-9]{{1,2}})?$")
MONEY_INPUT_PATTERN = _AMOUNT_TEXT.pattern


def _parse_money_input(value: Any) -> Decimal:
    """An amount somebody sends us: exact as written or refused, never rounded.

    Plain decimal text ("12.3", "-4", "1000.05"), an int, a Decimal, or a float that has at most 2 places; no
    exponent ("1e3"), no NaN or Infinity, at most 2 places ("1.005" is refused, not made 1.01) and at most 11
    integer digits. The messages state the rule and never quote the value.
    """
    if isinstance(value, bool):
        raise ValueError("money must be a decimal string or a number, not a boolean")
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = repr(value)  # the shortest text that round-trips: 12.3 -> "12.3", 1e+16 -> "1e+16"
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("money must be a finite amount (no NaN or Infinity)")
        text = format(value, "f")
    else:
        raise ValueError("money must be a decimal string or a number")
    if not _AMOUNT_TEXT.match(text):
        raise ValueError(
            f"money must be plain decimal text with at most {MAX_INPUT_INTEGER_DIGITS} digits before the point "
            'and at most 2 after it (no exponent, no rounding), e.g. "125.00"'
        )
    return Decimal(text).quantize(CENT)


MoneyInput = Annotated[
    Decimal,
    PlainValidator(_parse_money_input),
    PlainSerializer(_serialise_money, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": MONEY_INPUT_PATTERN, "examples": ["125.00"]}),
]
"""An amount in a request: exact to the cent as sent, or a 422 (`Money` is for amounts we produce)."""
