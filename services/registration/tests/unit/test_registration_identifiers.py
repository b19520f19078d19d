from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError
from rcm_registration.domain.identifiers import (
    NpiNumber,
    PhoneNumber,
    TaxonomyCode,
    UsStateCode,
    ZipCode,
    npi_check_digit,
    npi_is_valid,
)


@pytest.mark.parametrize("npi", ["1234567893", "1245319599"])
def test_valid_npis_pass_the_cms_check_digit(npi: str) -> None:
    assert npi_is_valid(npi)


@pytest.mark.parametrize(
    "npi", ["1234567890", "1234567894", "3234567893", "123456789", "12345678931", "12345678a3"]
)
def test_invalid_npis_fail(npi: str) -> None:
    assert not npi_is_valid(npi)


def test_check_digit_uses_the_80840_prefix() -> None:
    # Without the prefix the plain Luhn digit of 123456789 is 7; with 80840 it is the CMS digit 3.
    assert npi_check_digit("123456789") == 3


def test_npi_field_names_the_check_digit_problem() -> None:
    with pytest.raises(ValidationError, match="check digit"):
        TypeAdapter(NpiNumber).validate_python("1234567890")


@pytest.mark.parametrize(
    ("raw", "normalised"), [("62701", "62701"), ("62701-1234", "627011234"), ("627011234", "627011234")]
)
def test_zip_formats_normalise_to_digits(raw: str, normalised: str) -> None:
    assert TypeAdapter(ZipCode).validate_python(raw) == normalised


@pytest.mark.parametrize("raw", ["6270", "62701-12", "ABCDE", "00000", "62701 1234"])
def test_bad_zips_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(ZipCode).validate_python(raw)


def test_state_codes() -> None:
    assert TypeAdapter(UsStateCode).validate_python(" il ") == "IL"
    assert TypeAdapter(UsStateCode).validate_python("PR") == "PR"
    with pytest.raises(ValidationError):
        TypeAdapter(UsStateCode).validate_python("XX")


def test_taxonomy_and_phone_formats() -> None:
    assert TypeAdapter(TaxonomyCode).validate_python("207q00000x") == "207Q00000X"
    with pytest.raises(ValidationError):
        TypeAdapter(TaxonomyCode).validate_python("207Q00000")
    assert TypeAdapter(PhoneNumber).validate_python("+1 (217) 555-0100") == "2175550100"
    with pytest.raises(ValidationError):
        TypeAdapter(PhoneNumber).validate_python("017-555-0100")
