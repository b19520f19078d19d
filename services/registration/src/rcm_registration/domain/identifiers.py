"""Format rules for the identifiers registration accepts: NPI, taxonomy, US state, ZIP, phone.

Each rule is a plain function (usable anywhere) and an Annotated pydantic type (so a model field that uses it
fails with an error located at that field, which FastAPI turns into a 422 naming the field).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

# CMS: the NPI check digit is the Luhn digit of the 9 leading digits prefixed with 80840 (the ISO card issuer
# prefix assigned to US health identifiers), so that an NPI can be checked like a 15-digit card number.
NPI_ISSUER_PREFIX = "80840"

US_STATE_CODES: frozenset[str] = frozenset(
    {
        *("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS"),
        *("KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY"),
        *("NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV"),
        *("WI", "WY", "DC"),
        # Territories and military post offices also have USPS codes and appear on real patient addresses.
        *("PR", "VI", "GU", "AS", "MP", "AA", "AE", "AP"),
    }
)

_TAXONOMY_PATTERN = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")
_ZIP_PATTERN = re.compile(r"^([0-9]{5})(?:-?([0-9]{4}))?$")
# NANP: area code and exchange never start with 0 or 1.
_PHONE_PATTERN = re.compile(r"^[2-9][0-9]{2}[2-9][0-9]{6}$")


def luhn_check_digit(digits: str) -> int:
    """The Luhn digit that makes `digits + check` pass the mod-10 test."""
    total = 0
    # Doubling starts at the rightmost payload digit, because the check digit will sit to its right.
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def npi_check_digit(first_nine: str) -> int:
    if not re.fullmatch(r"[0-9]{9}", first_nine):
        raise ValueError("an NPI check digit is computed from exactly 9 digits")
    return luhn_check_digit(NPI_ISSUER_PREFIX + first_nine)


def npi_is_valid(npi: str) -> bool:
    """Ten digits, starting with 1 (individual) or 2 (organisation), with a correct CMS check digit."""
    if not re.fullmatch(r"[12][0-9]{9}", npi):
        return False
    return npi_check_digit(npi[:9]) == int(npi[9])


def _checked_npi(value: str) -> str:
    if not re.fullmatch(r"[0-9]{10}", value):
        raise ValueError("NPI must be exactly 10 digits")
    if value[0] not in "12":
        raise ValueError("NPI must start with 1 (individual) or 2 (organisation)")
    if not npi_is_valid(value):
        raise ValueError("NPI check digit is wrong (CMS Luhn rule with prefix 80840)")
    return value


def _checked_taxonomy(value: str) -> str:
    if not _TAXONOMY_PATTERN.fullmatch(value):
        raise ValueError("taxonomy code must be 10 characters: 3 digits, 6 digits or capitals, then X")
    return value


def _checked_state(value: str) -> str:
    if value not in US_STATE_CODES:
        raise ValueError("state must be a two-letter USPS state or territory code")
    return value


def normalize_zip(value: str) -> str:
    """ZIP 12345 or ZIP+4 12345-6789 / 123456789 -> digits only, the form X12 N403 carries."""
    match = _ZIP_PATTERN.fullmatch(value)
    if match is None or match.group(1) == "00000":
        raise ValueError("ZIP code must be 5 digits or ZIP+4 (12345 or 12345-6789)")
    return match.group(1) + (match.group(2) or "")


def normalize_phone(value: str) -> str:
    """US phone in any common punctuation -> 10 digits; a leading country code 1 is dropped."""
    digits = re.sub(r"[\s().+-]", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if not _PHONE_PATTERN.fullmatch(digits):
        raise ValueError(
            "phone must be a 10-digit US number (area code and exchange not starting with 0 or 1)"
        )
    return digits


def _checked_tax_id(value: str) -> str:
    digits = value.replace("-", "")
    if not re.fullmatch(r"[0-9]{9}", digits):
        raise ValueError("tax id must be 9 digits (EIN 12-3456789 or SSN)")
    return digits


def _stripped_upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


NpiNumber = Annotated[str, BeforeValidator(_stripped), AfterValidator(_checked_npi)]
TaxonomyCode = Annotated[str, BeforeValidator(_stripped_upper), AfterValidator(_checked_taxonomy)]
UsStateCode = Annotated[str, BeforeValidator(_stripped_upper), AfterValidator(_checked_state)]
ZipCode = Annotated[str, BeforeValidator(_stripped), AfterValidator(normalize_zip)]
PhoneNumber = Annotated[str, BeforeValidator(_stripped), AfterValidator(normalize_phone)]
TaxIdNumber = Annotated[str, BeforeValidator(_stripped), AfterValidator(_checked_tax_id)]

_CLIA_PATTERN = re.compile(r"^[0-9]{2}D[0-9]{7}$")


def _checked_clia(value: str) -> str:
    if not _CLIA_PATTERN.fullmatch(value):
        raise ValueError("CLIA number must be 2 digits, the letter D, then 7 digits (e.g. 05D0987654)")
    return value


def normalize_ndc(value: str) -> str:
    """NDC as printed in the 5-4-2 layout (00002-7510-01) or as 11 digits -> 11 digits, the form LIN03 carries.

    A 10-digit NDC (4-4-2, 5-3-2, 5-4-1) needs a zero in a place only its hyphens tell, so it is refused rather
    than guessed."""
    digits = value.replace("-", "") if re.fullmatch(r"[0-9]{5}-[0-9]{4}-[0-9]{2}", value) else value
    if not re.fullmatch(r"[0-9]{11}", digits):
        raise ValueError("NDC must be 11 digits (5-4-2 layout, e.g. 00002751001 or 00002-7510-01)")
    return digits


CliaNumberText = Annotated[str, BeforeValidator(_stripped_upper), AfterValidator(_checked_clia)]
NdcCode = Annotated[str, BeforeValidator(_stripped), AfterValidator(normalize_ndc)]
