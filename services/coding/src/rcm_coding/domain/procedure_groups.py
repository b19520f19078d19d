"""Which procedure codes belong to which billing family, as the coding rules need to know.

Families are code-number ranges (no AMA descriptions needed), so they also hold for codes a licensed CPT
import adds later.
"""

from __future__ import annotations

import re

EM_OFFICE_NEW = ("99202", "99203", "99204", "99205")
EM_OFFICE_ESTABLISHED = ("99211", "99212", "99213", "99214", "99215")
EM_OFFICE_VISITS = frozenset(EM_OFFICE_NEW + EM_OFFICE_ESTABLISHED)

# Level of each office visit for the upcoding signal: 99211 is a nurse visit (level 1).
EM_LEVEL = {code: int(code[-1]) for code in EM_OFFICE_VISITS}


def is_em_office_visit(code: str) -> bool:
    return code.strip().upper() in EM_OFFICE_VISITS


def _numeric(code: str) -> int | None:
    return int(code) if re.fullmatch(r"\d{5}", code) else None


def needs_modifier_25_with_em(code: str) -> bool:
    """True for services whose same-day E/M is bundled unless marked with modifier 25 (NCCI policy).

    Surgical procedures (10004-69990) carry a global E/M component; immunisation administration,
    injections/infusions and preventive counselling are also paired with 25 by NCCI edits. Lab, radiology and
    diagnostic tests (ECG) are separately payable with an E/M, so they do not trigger the rule; neither does
    routine venipuncture (36400-36416), which sits in the surgery range but is a specimen collection.
    """
    number = _numeric(code.strip().upper())
    if number is None or 36400 <= number <= 36416:
        return False
    return (
        10004 <= number <= 69990
        or 90460 <= number <= 90474
        or 96360 <= number <= 96379
        or 99406 <= number <= 99409
    )
