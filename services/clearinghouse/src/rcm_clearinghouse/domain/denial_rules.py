"""Denial causes to X12 adjustment codes: group, CARC and RARC, chosen by the date of service.

Codes are retired over time (CARC 15 stopped on 2018-05-01; RARC N822 started in 2019), so every choice is
checked against the X12 code list dates in rcm_codesets and falls back to the code in force on that day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from rcm_codesets import PayerType, carc_is_valid_on, rarc_is_valid_on

from rcm_clearinghouse.domain.scenario import DenialCause

# Denials a provider must work or write off are contractual (CO): the patient may not be billed for them.
DENIAL_GROUP = "CO"
# Payers that apply CMS's NCCI procedure-to-procedure edits report a bundled line with CARC 236.
NCCI_PAYER_TYPES = frozenset({PayerType.MEDICARE, PayerType.MEDICARE_ADVANTAGE, PayerType.MEDICAID})


@dataclass(frozen=True)
class DenialCodes:
    cause: DenialCause
    group: str
    carc: str
    remarks: tuple[str, ...] = ()


def _first_valid_carc(candidates: tuple[str, ...], on: date) -> str:
    for code in candidates:
        if carc_is_valid_on(code, on):
            return code
    raise LookupError(f"none of the CARCs {candidates} is valid on {on}")


def _valid_remarks(candidates: tuple[str, ...], on: date) -> tuple[str, ...]:
    """The first remark in force on the date (several candidates = newer code first, older fallback)."""
    for code in candidates:
        if rarc_is_valid_on(code, on):
            return (code,)
    return ()


def denial_codes(
    cause: DenialCause,
    on: date,
    payer_type: PayerType,
    has_authorization_number: bool,
    draws: random.Random,
) -> DenialCodes:
    """CARC/RARC for a cause; `draws` picks among equally valid variants (e.g. CARC 96 vs 204)."""
    if cause is DenialCause.PRIOR_AUTHORIZATION:
        if has_authorization_number:
            # An authorisation was sent but does not match: CARC 15 until its retirement, then 197 + N54.
            return DenialCodes(cause, DENIAL_GROUP, _first_valid_carc(("15", "197"), on), ("N54",))
        return DenialCodes(cause, DENIAL_GROUP, _first_valid_carc(("197", "15"), on), ("M62",))
    if cause is DenialCause.BUNDLING:
        carcs = ("236", "97") if payer_type in NCCI_PAYER_TYPES else ("97",)
        return DenialCodes(cause, DENIAL_GROUP, _first_valid_carc(carcs, on), ("M15",))
    if cause is DenialCause.NON_COVERED:
        carc = "204" if draws.random() < 0.5 else "96"
        return DenialCodes(cause, DENIAL_GROUP, _first_valid_carc((carc, "96"), on), ("N130",))
    if cause is DenialCause.MISSING_INFORMATION:
        # Half "unprocessable, resubmit" and half "documentation requested" (§5b folds both into CO-16).
        wanted: tuple[str, ...] = ("MA130",) if draws.random() < 0.5 else ("N706", "M127")
        return DenialCodes(cause, DENIAL_GROUP, "16", _valid_remarks(wanted, on))
    carc, remarks = _SIMPLE_CAUSES[cause]
    return DenialCodes(cause, DENIAL_GROUP, _first_valid_carc((carc,), on), _valid_remarks(remarks, on))


_SIMPLE_CAUSES: dict[DenialCause, tuple[str, tuple[str, ...]]] = {
    DenialCause.COVERAGE_TERMINATED: ("27", ("N30",)),
    DenialCause.MEDICAL_NECESSITY: ("50", ("N115",)),
    DenialCause.TIMELY_FILING: ("29", ()),
    # N822 "missing procedure modifier" exists from 2019-07-01; before it, M51 (procedure code/modifier).
    DenialCause.MODIFIER: ("4", ("N822", "M51")),
    DenialCause.PLACE_OF_SERVICE: ("5", ("M77",)),
    DenialCause.DUPLICATE: ("18", ("M86",)),
}
