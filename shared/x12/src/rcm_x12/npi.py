"""The NPI check digit (CMS): the Luhn digit of the first nine digits prefixed with 80840.

rcm_x12 is the lowest shared layer every service that touches a claim already imports, so the one check the
writer needs lives here rather than in a service (a shared package never imports a service).
"""

from __future__ import annotations

import re

# The ISO card issuer prefix assigned to US health identifiers: with it an NPI checks like a 15-digit card number.
NPI_ISSUER_PREFIX = "80840"
_NPI = re.compile(r"[12][0-9]{9}")


def npi_is_valid(npi: str) -> bool:
    """Ten digits starting with 1 (individual) or 2 (organisation), the last one the CMS Luhn check digit."""
    if not _NPI.fullmatch(npi):
        return False
    total = 0
    # Luhn over prefix + all ten digits: every second digit from the right (the check digit is the first) doubles.
    for index, char in enumerate(reversed(NPI_ISSUER_PREFIX + npi)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
