"""Corrections to a claim, from the denials service (CorrectionRequested) or a biller's edit.

The kinds mirror rcm_schemas' ClaimFix so the wiring translates one to one, but the domain keeps its own types
so the rules never depend on the wire contract. A correction's fingerprint makes a repeated request a no-op.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from rcm_claims.domain.claim import Coverage, Person, ProfessionalClaim, ServiceLine
from rcm_claims.domain.claim_details import Attachment
from rcm_claims.domain.detail_corrections import SetClaimDetails


class CorrectionError(ValueError):
    """The correction cannot apply to this claim (e.g. a line that does not exist)."""


MAX_DIAGNOSES = 12  # HI segment: 12 diagnoses on a professional claim
MAX_POINTERS = 4  # SV107: 4 diagnosis pointers per line
MAX_ATTACHMENTS = 10  # 2300 PWK repeats at most 10 times
_ICD10_CM = re.compile(r"^[A-Z][0-9][0-9A-Z]{1,5}$")  # stored without the dot, as the 837P sends it
_PROCEDURE = re.compile(r"^([0-9]{5}|[0-9]{4}[A-Z]|[A-Z][0-9]{4})$")  # CPT, CPT category II/III, HCPCS II


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


class ReplaceDiagnosis(_Correction):
    """The ICD-10-CM code at a 1-based position of the claim's diagnosis list; the pointers keep pointing there."""

    kind: Literal["replace_diagnosis"] = "replace_diagnosis"
    position: int = Field(ge=1, le=MAX_DIAGNOSES)
    diagnosis_code: str


class SetDiagnoses(_Correction):
    """The whole diagnosis list, principal first; every line's pointers must still fall inside it."""

    kind: Literal["set_diagnoses"] = "set_diagnoses"
    diagnoses: tuple[str, ...] = Field(min_length=1, max_length=MAX_DIAGNOSES)


class ChangeProcedureCode(_Correction):
    """A line's CPT/HCPCS code; the line is charged at `unit_price` (the clinic's fee for the new code) x units.

    The wire fix names only the code: `priced` fills the fee in from the clinic's fee schedule. The modifiers
    stay: a modifier that no longer fits the new code is the scrubber's to hold, not a guess here.
    """

    kind: Literal["change_procedure_code"] = "change_procedure_code"
    line_number: int
    procedure_code: str
    unit_price: Decimal | None = Field(default=None, ge=0)


class AddAttachment(_Correction):
    """A PWK for the replacement claim: the paperwork a CO-16 N706 or CO-252 denial asked for, sent by mail, fax
    or electronically under a control number the payer matches it by."""

    kind: Literal["add_attachment"] = "add_attachment"
    attachment: Attachment


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
    | ReplaceDiagnosis
    | SetDiagnoses
    | ChangeProcedureCode
    | AddAttachment
    | UpdateRegistrationData
    | SetClaimDetails,
    Field(discriminator="kind"),
]
_CORRECTIONS = TypeAdapter(tuple[Correction, ...])


UnitPrice = Callable[[str, date], Decimal]
"""The clinic's fee for one unit of a procedure on a date of service: the fee schedule, seen from here."""


def priced(
    corrections: Sequence[Correction], claim: ProfessionalClaim, unit_price: UnitPrice
) -> tuple[Correction, ...]:
    """Procedure changes priced at the clinic's fee on their line's date of service, as the encounter's were."""

    def with_price(correction: Correction) -> Correction:
        if isinstance(correction, ChangeProcedureCode) and correction.unit_price is None:
            line = claim.line(correction.line_number)
            if line is not None:  # no such line: applying it says so
                fee = unit_price(correction.procedure_code, line.date_of_service)
                return correction.model_copy(update={"unit_price": fee})
        return correction

    return tuple(with_price(correction) for correction in corrections)


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
        case ReplaceDiagnosis(position=position, diagnosis_code=code):
            if position > len(claim.diagnoses):
                raise CorrectionError(
                    f"position: claim {claim.claim_id} has {len(claim.diagnoses)} diagnoses, no position {position}"
                )
            diagnoses = list(claim.diagnoses)
            diagnoses[position - 1] = _diagnosis_code(code)
            return claim.model_copy(update={"diagnoses": tuple(diagnoses)})
        case SetDiagnoses(diagnoses=codes):
            return claim.model_copy(update={"diagnoses": tuple(_diagnosis_code(code) for code in codes)})
        case ChangeProcedureCode(line_number=number, procedure_code=code, unit_price=price):
            line = _line(claim, number)
            if not _PROCEDURE.match(code):
                raise CorrectionError(f"procedure_code: {code!r} is not a CPT or HCPCS code")
            if price is None:
                raise CorrectionError(f"unit_price: line {number}'s new code {code} has no fee")
            charge = (price * line.units).quantize(Decimal("0.01"))
            return claim.replace_line(line.model_copy(update={"procedure_code": code, "charge": charge}))
        case AddAttachment(attachment=attachment):
            if attachment in claim.attachments:
                return claim  # already on the claim: sent again, the payer would match the same paper
            if len(claim.attachments) >= MAX_ATTACHMENTS:
                raise CorrectionError(
                    f"attachments: claim {claim.claim_id} already has {MAX_ATTACHMENTS} (PWK)"
                )
            return claim.model_copy(update={"attachments": (*claim.attachments, attachment)})
        case SetPriorAuthorization(prior_authorization_number=number):
            return claim.model_copy(update={"prior_authorization_number": number})
        case UpdateRegistrationData(coverage=coverage, patient=patient):
            update: dict[str, object] = {}
            if coverage is not None:
                update["coverage"] = coverage
            if patient is not None:
                update["patient"] = patient
            return claim.model_copy(update=update)
        case SetClaimDetails():
            if missing := correction.missing_lines(claim):
                raise CorrectionError(f"line_drugs: claim {claim.claim_id} has no line {missing[0]}")
            return correction.applied_to(claim)
    raise CorrectionError(f"unknown correction {correction!r}")


def _diagnosis_code(code: str) -> str:
    bare = code.replace(".", "").strip().upper()
    if not _ICD10_CM.match(bare):
        raise CorrectionError(f"diagnosis_code: {code!r} is not an ICD-10-CM code")
    return bare


def consistency_problems(claim: ProfessionalClaim) -> set[str]:
    """What makes the claim self-contradictory: pointers past the diagnosis list, a diagnosis listed twice."""
    problems: set[str] = set()
    if len(set(claim.diagnoses)) != len(claim.diagnoses):
        problems.add("diagnoses: a diagnosis is listed twice")
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        problems.add(f"diagnoses: more than {MAX_DIAGNOSES}")
    for line in claim.lines:
        if not line.diagnosis_pointers or len(line.diagnosis_pointers) > MAX_POINTERS:
            problems.add(
                f"line {line.line_number}: diagnosis_pointers must hold 1 to {MAX_POINTERS} pointers"
            )
        outside = [p for p in line.diagnosis_pointers if not 1 <= p <= len(claim.diagnoses)]
        if outside:
            problems.add(
                f"line {line.line_number}: diagnosis_pointers {outside} point past the "
                f"{len(claim.diagnoses)} diagnoses"
            )
    return problems


def apply_corrections(claim: ProfessionalClaim, corrections: Sequence[Correction]) -> ProfessionalClaim:
    """The corrected claim; refused (CorrectionError) when the corrections leave it inconsistent in a way it
    was not before (a problem the claim already had is the scrubber's to report, not a reason to refuse a fix)."""
    before = consistency_problems(claim)
    corrected = claim
    for correction in corrections:
        corrected = _apply_one(corrected, correction)
    introduced = consistency_problems(corrected) - before
    if introduced:
        raise CorrectionError("; ".join(sorted(introduced)))
    return corrected
