"""Procedure modifiers: CPT numeric modifiers (our own labels) and HCPCS Level II modifiers (CMS file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from rcm_codesets import hcpcs
from rcm_codesets._data import EffectivePeriod, parse_iso_date, read_csv_rows

ModifierKind = Literal["CPT", "HCPCS"]

# Modifiers NCCI accepts to bypass a procedure-to-procedure edit whose modifier indicator is 1
# (NCCI Policy Manual, ch. I). Anatomic modifiers are listed because a different site is a valid reason.
NCCI_ASSOCIATED_MODIFIERS: frozenset[str] = frozenset(
    [
        "24",
        "25",
        "27",
        "57",
        "58",
        "59",
        "78",
        "79",
        "91",
        "XE",
        "XP",
        "XS",
        "XU",
        "E1",
        "E2",
        "E3",
        "E4",
        "FA",
        "F1",
        "F2",
        "F3",
        "F4",
        "F5",
        "F6",
        "F7",
        "F8",
        "F9",
        "TA",
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "LT",
        "RT",
        "LC",
        "LD",
        "RC",
        "LM",
        "RI",
    ]
)

# Modifiers that mark a telehealth / audio-only delivery, used by payer telehealth policies.
TELEHEALTH_MODIFIERS: frozenset[str] = frozenset({"95", "GT", "GQ", "93", "FQ", "FR"})


@dataclass(frozen=True, slots=True)
class Modifier:
    code: str
    kind: ModifierKind
    label: str
    effective_from: date | None
    termination_date: date | None
    ncci_associated: bool

    def is_valid_on(self, date_of_service: date) -> bool:
        return EffectivePeriod(self.effective_from, self.termination_date).contains(date_of_service)


@cache
def _cpt_modifiers() -> dict[str, Modifier]:
    return {
        row["code"]: Modifier(
            code=row["code"],
            kind="CPT",
            label=row["our_label"],
            effective_from=parse_iso_date(row["effective_from"]),
            termination_date=parse_iso_date(row["termination_date"]),
            ncci_associated=row["code"] in NCCI_ASSOCIATED_MODIFIERS,
        )
        for row in read_csv_rows("cpt_modifiers.csv")
    }


def modifier(code: str) -> Modifier | None:
    """Look up a modifier in either system; CPT modifiers are two digits, HCPCS ones contain a letter."""
    normalized = code.strip().upper()
    if normalized in _cpt_modifiers():
        return _cpt_modifiers()[normalized]
    record = hcpcs.hcpcs_modifier(normalized)
    if record is None:
        return None
    return Modifier(
        code=normalized,
        kind="HCPCS",
        label=record.short_description,
        effective_from=record.add_date,
        termination_date=record.termination_date,
        ncci_associated=normalized in NCCI_ASSOCIATED_MODIFIERS,
    )


def modifier_is_valid_on(code: str, date_of_service: date) -> bool:
    found = modifier(code)
    return found is not None and found.is_valid_on(date_of_service)


def is_ncci_associated(code: str) -> bool:
    return code.strip().upper() in NCCI_ASSOCIATED_MODIFIERS
