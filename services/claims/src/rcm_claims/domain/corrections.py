"""Corrections to a claim, from the denials service (CorrectionRequested) or a biller's edit.

The kinds mirror rcm_schemas' ClaimFix so the wiring translates one to one, but the domain keeps its own types
so the rules never depend on the wire contract. A correction's fingerprint makes a repeated request a no-op.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from rcm_claims.domain.claim import Coverage, Person, ProfessionalClaim, ServiceLine


class CorrectionError(ValueError):
    """The correction cannot apply to this claim (e.g. a line that does not exist)."""


class _Correction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AddModifier(_Correction):
    kind: Literal["add_modifier"] = "add_modifier"
    line_number: int
    modifier: str


class ReplaceModifier(_Correction):
    kind: Literal["replace_modifier"] = "replace_modifier"
    line_number: int
    old_modifier: str
    new_modifier: str


class RemoveModifier(_Correction):
    kind: Literal["remove_modifier"] = "remove_modifier"
    line_number: int
    modifier: str


class ChangePlaceOfService(_Correction):
    """line_number None changes every line, i.e. the claim-level POS."""

    kind: Literal["change_place_of_service"] = "change_place_of_service"
    place_of_service: str
    line_number: int | None = None


class ChangeDiagnosisPointers(_Correction):
    kind: Literal["change_diagnosis_pointers"] = "change_diagnosis_pointers"
    line_number: int
    diagnosis_pointers: tuple[int, ...]


class ChangeUnits(_Correction):
    kind: Literal["change_units"] = "change_units"
    line_number: int
    units: int = Field(ge=1)


class SetPriorAuthorization(_Correction):
    kind: Literal["set_prior_authorization"] = "set_prior_authorization"
    prior_authorization_number: str


class UpdateRegistrationData(_Correction):
    kind: Literal["update_registration_data"] = "update_registration_data"
    coverage: Coverage | None = None
    patient: Person | None = None


Correction = Annotated[
    AddModifier
    | ReplaceModifier
    | RemoveModifier
    | ChangePlaceOfService
    | ChangeDiagnosisPointers
    | ChangeUnits
    | SetPriorAuthorization
    | UpdateRegistrationData,
    Field(discriminator="kind"),
]
_CORRECTIONS = TypeAdapter(tuple[Correction, ...])


def correction_fingerprint(corrections: Sequence[Correction]) -> str:
    """Same changes, same fingerprint, whatever the request id: what makes a repeated request a no-op."""
    return hashlib.sha256(_CORRECTIONS.dump_json(tuple(corrections))).hexdigest()[:32]


def _line(claim: ProfessionalClaim, line_number: int) -> ServiceLine:
    found = claim.line(line_number)
    if found is None:
        raise CorrectionError(f"claim {claim.claim_id} has no line {line_number}")
    return found


def _with_units(line: ServiceLine, units: int) -> ServiceLine:
    # The charge follows the units at the line's own unit price, so the fee schedule is not consulted again.
    unit_price = line.charge / Decimal(line.units)
    return line.model_copy(update={"units": units, "charge": (unit_price * units).quantize(Decimal("0.01"))})


def _apply_one(claim: ProfessionalClaim, correction: Correction) -> ProfessionalClaim:
    match correction:
        case AddModifier(line_number=number, modifier=modifier):
            line = _line(claim, number)
            if modifier in line.modifiers:
                return claim
            return claim.replace_line(line.with_modifiers((*line.modifiers, modifier)))
        case ReplaceModifier(line_number=number, old_modifier=old, new_modifier=new):
            line = _line(claim, number)
            return claim.replace_line(
                line.with_modifiers(tuple(new if m == old else m for m in line.modifiers))
            )
        case RemoveModifier(line_number=number, modifier=modifier):
            line = _line(claim, number)
            return claim.replace_line(line.with_modifiers(tuple(m for m in line.modifiers if m != modifier)))
        case ChangePlaceOfService(place_of_service=place, line_number=None):
            lines = tuple(line.model_copy(update={"place_of_service": place}) for line in claim.lines)
            return claim.model_copy(update={"lines": lines})
        case ChangePlaceOfService(place_of_service=place, line_number=int() as number):
            return claim.replace_line(_line(claim, number).model_copy(update={"place_of_service": place}))
        case ChangeDiagnosisPointers(line_number=number, diagnosis_pointers=pointers):
            return claim.replace_line(
                _line(claim, number).model_copy(update={"diagnosis_pointers": pointers})
            )
        case ChangeUnits(line_number=number, units=units):
            return claim.replace_line(_with_units(_line(claim, number), units))
        case SetPriorAuthorization(prior_authorization_number=number):
            return claim.model_copy(update={"prior_authorization_number": number})
        case UpdateRegistrationData(coverage=coverage, patient=patient):
            update: dict[str, object] = {}
            if coverage is not None:
                update["coverage"] = coverage
            if patient is not None:
                update["patient"] = patient
            return claim.model_copy(update=update)
    raise CorrectionError(f"unknown correction {correction!r}")


def apply_corrections(claim: ProfessionalClaim, corrections: Sequence[Correction]) -> ProfessionalClaim:
    for correction in corrections:
        claim = _apply_one(claim, correction)
    return claim
