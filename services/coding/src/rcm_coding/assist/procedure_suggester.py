"""Procedure suggestions from the note, limited to the CPT demo list and common HCPCS codes.

Office visit level follows the 2021+ E/M rules: total time on the day (minimum minutes per level) or the
medical decision making words; psychotherapy follows its time bands. Other procedures are keyword rules.
"""

from __future__ import annotations

import re
from datetime import date

from rcm_codesets import procedure_code

from rcm_coding.domain.models import Suggestion

# Labels only; whether a code is billable on the date of service is line validation's job.
_LABEL_DATE = date(2025, 6, 1)
_MINUTES = re.compile(r"(\d{1,3})\s*(?:-\s*)?(?:minutes?|mins?)\b")
# Minimum total minutes for each office visit level (CPT 2024: time must be met or exceeded).
_NEW_BY_TIME = ((60, "99205"), (45, "99204"), (30, "99203"), (15, "99202"))
_ESTABLISHED_BY_TIME = ((40, "99215"), (30, "99214"), (20, "99213"), (10, "99212"))
_MDM_LEVEL = (
    ("high complexity", 5),
    ("moderate complexity", 4),
    ("low complexity", 3),
    ("straightforward", 2),
)
# Psychotherapy time bands (CPT: 16-37 -> 30 min code, 38-52 -> 45, 53+ -> 60).
_PSYCHOTHERAPY_BY_TIME = ((53, "90837"), (38, "90834"), (16, "90832"))

_KEYWORD_PROCEDURES: tuple[tuple[str, str], ...] = (
    (r"flu (shot|vaccine)|influenza vaccin", "90686"),
    (r"flu (shot|vaccine)|influenza vaccin|vaccine administ", "90471"),
    (r"venipuncture|blood draw|labs? drawn", "36415"),
    (r"\b(ecg|ekg|electrocardiogram)\b", "93000"),
    (r"urine dip|urinalysis dip|\bua dip", "81002"),
    (r"cerumen|ear ?wax", "69210"),
    (r"(joint|knee|shoulder) (injection|aspiration)|injected the (knee|shoulder)", "20610"),
    (r"incision and drainage|\bi ?& ?d\b", "10060"),
    (r"cryotherapy|wart destruction|destruction of (warts|lesions)", "17110"),
    (r"(im|intramuscular|subcutaneous) injection|injection of (ceftriaxone|toradol|kenalog)", "96372"),
    (r"(tobacco|smoking) cessation counsel", "99406"),
    (r"psychiatric (diagnostic )?evaluation|intake assessment", "90791"),
)


def _minutes(text: str) -> int | None:
    found = [int(match.group(1)) for match in _MINUTES.finditer(text)]
    return max(found) if found else None


def _visit_suggestion(text: str) -> Suggestion | None:
    is_new = bool(re.search(r"new patient|establish(ing)? care|first visit", text))
    is_established = bool(re.search(r"established patient|follow[- ]?up|returns|return visit", text))
    if not (is_new or is_established):
        return None
    minutes = _minutes(text)
    table = _NEW_BY_TIME if is_new else _ESTABLISHED_BY_TIME
    matched = ["new patient" if is_new else "established"]
    if minutes is not None:
        code = next((code for floor, code in table if minutes >= floor), table[-1][1])
        matched.append(f"{minutes} minutes")
        score = 0.9
    else:
        level = next(((words, level) for words, level in _MDM_LEVEL if words in text), None)
        if level is not None:
            matched.append(level[0])
        # Without time or MDM words the level is a guess; level 3 is the most common office visit.
        code = table[0][1][:-1] + str(level[1] if level else 3)
        score = 0.8 if level else 0.4
    if "telehealth" in text or "video" in text:
        matched.append("telehealth")
    return _suggest(code, score, matched)


def _psychotherapy_suggestion(text: str) -> Suggestion | None:
    if "psychotherapy" not in text and "therapy session" not in text:
        return None
    minutes = _minutes(text)
    if minutes is None:
        return _suggest("90834", 0.5, ["psychotherapy"])
    code = next((code for floor, code in _PSYCHOTHERAPY_BY_TIME if minutes >= floor), None)
    return _suggest(code, 0.9, ["psychotherapy", f"{minutes} minutes"]) if code else None


def _suggest(code: str, score: float, matched: list[str]) -> Suggestion:
    known = procedure_code(code, _LABEL_DATE)
    label = (known.our_label or known.description or "") if known else ""
    return Suggestion(code, "procedure", score, label, tuple(matched))


def suggest_procedures(note: str, limit: int = 5) -> list[Suggestion]:
    """Ranked procedure suggestions: psychotherapy or office visit first, then keyword procedures."""
    text = note.lower()
    suggestions: list[Suggestion] = []
    main = _psychotherapy_suggestion(text) or _visit_suggestion(text)
    if main is not None:
        suggestions.append(main)
    for pattern, code in _KEYWORD_PROCEDURES:
        match = re.search(pattern, text)
        if match and all(existing.code != code for existing in suggestions):
            suggestions.append(_suggest(code, 0.7, [match.group(0)]))
    return suggestions[:limit]
