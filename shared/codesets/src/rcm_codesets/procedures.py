"""One lookup for procedure codes, whatever their system: CPT (our catalog) or HCPCS Level II (CMS file).

Claims are judged by the rules in force on the date of service, so every answer is 'as of' a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from rcm_codesets import cpt, hcpcs
from rcm_codesets._data import EffectivePeriod

ProcedureKind = Literal["CPT", "HCPCS"]


@dataclass(frozen=True, slots=True)
class ProcedureCode:
    code: str
    kind: ProcedureKind
    as_of: date
    billable_on_date: bool
    effective_from: date | None
    termination_date: date | None
    is_add_on: bool
    primary_codes: tuple[str, ...]
    our_label: str | None
    # CMS short description (HCPCS, public domain) or a licensed CPT description imported at run time.
    description: str | None


def _add_on_details(code: str, on: date) -> tuple[bool, tuple[str, ...]]:
    rule = cpt.add_on_rules().get(code)
    if rule is None or not rule.applies_on(on):
        return False, ()
    return True, rule.primary_codes


def procedure_code(code: str, on: date) -> ProcedureCode | None:
    """Describe a CPT or HCPCS code as of a date of service; None when the code is unknown to us.

    A known code outside its effective window comes back with billable_on_date=False (e.g. 99441 after
    2024-12-31) so callers can say *why* it is rejected (CARC 181) rather than 'unknown code'.
    """
    normalized = code.strip().upper()
    is_add_on, primary_codes = _add_on_details(normalized, on)
    if cpt.is_cpt_format(normalized):
        entry = cpt.cpt_catalog().get(normalized)
        if entry is None:
            return None
        return ProcedureCode(
            code=normalized,
            kind="CPT",
            as_of=on,
            billable_on_date=entry.period.contains(on),
            effective_from=entry.effective_from,
            termination_date=entry.termination_date,
            is_add_on=is_add_on,
            primary_codes=primary_codes,
            our_label=entry.our_label,
            description=entry.licensed_description,
        )
    record = hcpcs.hcpcs_code(normalized)
    if record is None:
        return None
    return ProcedureCode(
        code=normalized,
        kind="HCPCS",
        as_of=on,
        billable_on_date=EffectivePeriod(record.add_date, record.termination_date).contains(on),
        effective_from=record.add_date,
        termination_date=record.termination_date,
        is_add_on=is_add_on,
        primary_codes=primary_codes,
        our_label=None,
        description=record.short_description,
    )


def is_billable_on(code: str, on: date) -> bool:
    found = procedure_code(code, on)
    return found is not None and found.billable_on_date


def add_on_missing_primary(add_on_code: str, other_codes_on_claim: list[str], on: date) -> bool:
    """True when an add-on code is billed without any of its primary codes (a CO-4/CO-16 style edit)."""
    is_add_on, primary_codes = _add_on_details(add_on_code.strip().upper(), on)
    if not is_add_on:
        return False
    billed = {other.strip().upper() for other in other_codes_on_claim}
    return billed.isdisjoint(primary_codes)
