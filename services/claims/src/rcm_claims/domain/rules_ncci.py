"""Coding-relationship rules: NCCI procedure-to-procedure pairs, MUE unit limits, add-on codes.

NCCI edits apply to services by the same provider on the same date of service, so lines are compared
within one date. The indicator-1 bypass looks at the column-2 line, where NCCI says the modifier goes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import permutations

from rcm_codesets import add_on_missing_primary, is_ncci_associated

from rcm_claims.domain.claim import ProfessionalClaim, ServiceLine
from rcm_claims.domain.rule_engine import Hit, ScrubContext, ScrubRule


def lines_by_date(claim: ProfessionalClaim) -> dict[date, list[ServiceLine]]:
    grouped: dict[date, list[ServiceLine]] = defaultdict(list)
    for line in claim.lines:
        grouped[line.date_of_service].append(line)
    return grouped


def _ptp_pairs(claim: ProfessionalClaim, context: ScrubContext, indicator: str) -> Iterator[Hit]:
    for day, lines in lines_by_date(claim).items():
        for first, second in permutations(lines, 2):
            if first.procedure_code == second.procedure_code:
                continue  # repeats of one code are the MUE's business, not a PTP pair
            edit = context.ptp.edit_for(first.procedure_code, second.procedure_code, day)
            if edit is None or edit.modifier_indicator != indicator:
                continue
            if indicator == "1" and any(is_ncci_associated(code) for code in second.modifiers):
                continue  # documented distinct service: the modifier bypasses the edit
            yield Hit(
                f"line {second.line_number}: {second.procedure_code} is bundled into "
                f"{first.procedure_code} (line {first.line_number}) by NCCI, modifier indicator {indicator}",
                second.line_number,
            )


def _ptp_never(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    return _ptp_pairs(claim, context, "0")


def _ptp_modifier_required(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    return _ptp_pairs(claim, context, "1")


def _mue(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    units_per_day: dict[tuple[str, date], int] = defaultdict(int)
    last_line: dict[tuple[str, date], int] = {}
    for line in claim.lines:
        edit = context.mue.edit_for(line.procedure_code)
        if edit is None:
            continue
        if edit.per_line:
            if line.units > edit.max_units:
                yield Hit(
                    f"line {line.line_number}: {line.units} units of {line.procedure_code} exceed the "
                    f"MUE of {edit.max_units} per line",
                    line.line_number,
                )
            continue
        key = (line.procedure_code, line.date_of_service)
        units_per_day[key] += line.units
        last_line[key] = line.line_number
    for (code, day), units in units_per_day.items():
        edit = context.mue.edit_for(code)
        if edit is not None and units > edit.max_units:
            yield Hit(
                f"{units} units of {code} on {day} exceed the MUE of {edit.max_units} per day",
                last_line[(code, day)],
            )


def _add_on_without_primary(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    for day, lines in lines_by_date(claim).items():
        codes = [line.procedure_code for line in lines]
        for line in lines:
            if add_on_missing_primary(line.procedure_code, codes, day):
                yield Hit(
                    f"line {line.line_number}: add-on {line.procedure_code} is billed without its "
                    "primary procedure",
                    line.line_number,
                )


NCCI_RULES: tuple[ScrubRule, ...] = (
    ScrubRule(
        "ncci.ptp_never_allowed",
        "error",
        "Remove the column-2 code: NCCI never pays this pair on one day, with or without modifier.",
        _ptp_never,
    ),
    ScrubRule(
        "ncci.ptp_modifier_required",
        "error",
        "If the note documents a distinct service (other site, session or lesion), add 59 or XE/XS/XP/XU "
        "(25 for a separate E/M) to the column-2 line; otherwise remove it. Needs a human.",
        _ptp_modifier_required,
    ),
    ScrubRule(
        "mue.units_exceeded",
        "error",
        "Reduce the units to the MUE, or split per documentation with the right modifiers.",
        _mue,
    ),
    ScrubRule(
        "coding.add_on_without_primary",
        "error",
        "Add the primary procedure the add-on belongs to, or remove the add-on.",
        _add_on_without_primary,
    ),
)
