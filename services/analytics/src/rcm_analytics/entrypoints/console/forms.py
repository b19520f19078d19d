"""What people type in the console's forms, turned into the owners' request bodies; a typing mistake is named
beside its field before anything is sent."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

MONEY = re.compile(r"^\$?\s*\d{1,9}(,\d{3})*(\.\d{1,2})?$|^\$?\s*\d+(\.\d{1,2})?$")
LINE = re.compile(
    r"^(?P<code>[A-Za-z0-9]{5})(?:-(?P<mods>[A-Za-z0-9]{2}(?:-[A-Za-z0-9]{2}){0,3}))?"
    r"(?:\s+x?(?P<units>\d{1,4}))?(?:\s+(?:dx\s*)?(?P<pointers>[1-9](?:,[1-9]){0,3}))?$"
)


def parse_money(typed: str) -> Decimal | None:
    text = typed.strip()
    if not MONEY.match(text):
        return None
    try:
        return Decimal(text.replace("$", "").replace(",", "").strip()).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def approval_body(diagnoses: str, lines: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Diagnoses: ICD-10-CM codes separated by commas. Lines: one per line, "CODE[-MOD...] [units] [pointers]",
    e.g. "99214 1 1,2" or "G0439-25"."""
    errors: dict[str, str] = {}
    codes = [c.strip().upper() for c in diagnoses.replace(";", ",").split(",") if c.strip()]
    if not codes:
        errors["diagnoses"] = "at least one diagnosis, e.g. I10, E11.9"
    parsed: list[dict[str, Any]] = []
    for number, raw in enumerate((r.strip() for r in lines.splitlines() if r.strip()), start=1):
        match = LINE.match(raw)
        if match is None:
            errors["lines"] = (
                f"line {number} ({raw!r}): write CODE[-MOD] [units] [pointers], e.g. 99214 1 1,2"
            )
            break
        line: dict[str, Any] = {
            "line_number": number,
            "procedure_code": match["code"].upper(),
            "units": int(match["units"] or 1),
            "diagnosis_pointers": [int(p) for p in (match["pointers"] or "1").split(",")],
        }
        if match["mods"]:
            line["modifiers"] = match["mods"].upper().split("-")
        parsed.append(line)
    if not parsed and "lines" not in errors:
        errors["lines"] = "at least one service line, e.g. 99213 1 1"
    return {"diagnoses": codes, "lines": parsed}, errors


def proposed_diagnoses(item: dict[str, Any]) -> list[str]:
    """The form's first proposal: the provider's codes, with the assistant's billable code in place of a first
    code that is only a category (three characters), as a coder would start."""
    diagnoses = [str(code) for code in item.get("diagnoses") or []]
    suggested = [str(s["code"]) for s in item.get("suggestions") or [] if s.get("kind") == "diagnosis"]
    if suggested and (not diagnoses or len(diagnoses[0].replace(".", "")) <= 3):
        diagnoses[:1] = suggested[:1]
    return diagnoses
