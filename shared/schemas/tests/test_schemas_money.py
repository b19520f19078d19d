from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError
from rcm_schemas.money import Money, from_cents, to_cents


class Priced(BaseModel):
    amount: Money


def test_serialises_as_string_with_two_places() -> None:
    assert Priced(amount=Decimal("12.3")).model_dump_json() == '{"amount":"12.30"}'
    assert Priced(amount=5).model_dump_json() == '{"amount":"5.00"}'
    assert Priced(amount="-0.5").model_dump_json() == '{"amount":"-0.50"}'


def test_python_dump_keeps_decimal() -> None:
    assert Priced(amount="1").model_dump() == {"amount": Decimal("1.00")}


@pytest.mark.parametrize(("raw", "expected"), [("12.345", "12.35"), ("12.344", "12.34"), ("-1.005", "-1.01")])
def test_exact_inputs_are_quantized_half_up(raw: str, expected: str) -> None:
    assert Priced(amount=raw).amount == Decimal(expected)
    assert Priced(amount=Decimal(raw)).amount == Decimal(expected)


def test_floats_with_at_most_two_places_are_accepted() -> None:
    assert Priced(amount=12.3).amount == Decimal("12.30")
    assert Priced.model_validate_json('{"amount": 99.99}').amount == Decimal("99.99")


@pytest.mark.parametrize("raw", [12.345, 0.125, float("nan"), float("inf")])
def test_floats_with_more_places_are_refused(raw: float) -> None:
    with pytest.raises(ValidationError):
        Priced(amount=raw)


@pytest.mark.parametrize("raw", ["abc", "", "NaN", "Infinity", True, None, [1]])
def test_non_amounts_are_refused(raw: object) -> None:
    with pytest.raises(ValidationError):
        Priced(amount=raw)


def test_json_round_trip_is_exact() -> None:
    original = Priced(amount="1234567.89")
    assert Priced.model_validate_json(original.model_dump_json()) == original


def test_cents_conversions() -> None:
    assert to_cents(Decimal("12.30")) == 1230
    assert to_cents(Decimal("-0.015")) == -2
    assert from_cents(1230) == Decimal("12.30")
    assert str(from_cents(5)) == "0.05"
    assert from_cents(to_cents(Decimal("987.65"))) == Decimal("987.65")


def test_json_schema_says_string() -> None:
    assert Priced.model_json_schema()["properties"]["amount"]["type"] == "string"
