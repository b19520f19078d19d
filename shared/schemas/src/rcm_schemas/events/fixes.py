"""Changes to a claim, shared by the biller's UpdateHeldClaim and denials' CorrectionRequested.

A discriminated union on `kind`, so claims applies each with one match statement and JSON Schema names every
shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from rcm_schemas.codes import Icd10Code, ModifierCode, PlaceOfServiceCode, ProcedureCode
from rcm_schemas.events.claim_details import AttachmentTransmission, attachment_report_type
from rcm_schemas.events.common import Coverage, Diagnoses, DiagnosisPointer, PersonDemographics, Value
from rcm_schemas.x12_text import X12Text


class AddModifier(Value):
    kind: Literal["add_modifier"] = "add_modifier"
    line_number: int = Field(ge=1, le=50)
    modifier: ModifierCode


class RemoveModifier(Value):
    kind: Literal["remove_modifier"] = "remove_modifier"
    line_number: int = Field(ge=1, le=50)
    modifier: ModifierCode


class ChangePlaceOfService(Value):
    """line_number None: the claim-level POS (CLM05-1); otherwise that line's SV105."""

    kind: Literal["change_place_of_service"] = "change_place_of_service"
    place_of_service: PlaceOfServiceCode
    line_number: int | None = Field(default=None, ge=1, le=50)


class ChangeDiagnosisPointers(Value):
    kind: Literal["change_diagnosis_pointers"] = "change_diagnosis_pointers"
    line_number: int = Field(ge=1, le=50)
    diagnosis_pointers: tuple[DiagnosisPointer, ...] = Field(min_length=1, max_length=4)


class ChangeUnits(Value):
    kind: Literal["change_units"] = "change_units"
    line_number: int = Field(ge=1, le=50)
    units: int = Field(ge=1, le=9999)


class SetPriorAuthorization(Value):
    kind: Literal["set_prior_authorization"] = "set_prior_authorization"
    prior_authorization_number: X12Text = Field(min_length=1, max_length=50)


class ReplaceDiagnosis(Value):
    """The ICD-10-CM code at a 1-based position of the claim's diagnosis list (the lines' pointers stay)."""

    kind: Literal["replace_diagnosis"] = "replace_diagnosis"
    position: DiagnosisPointer
    diagnosis_code: Icd10Code


class SetDiagnoses(Value):
    """The claim's whole diagnosis list, principal first; claims refuses it if a line's pointer falls outside."""

    kind: Literal["set_diagnoses"] = "set_diagnoses"
    diagnoses: Diagnoses


class ChangeProcedureCode(Value):
    """A line's CPT/HCPCS code (SV101-2); claims charges the line at the clinic's fee for the new code."""

    kind: Literal["change_procedure_code"] = "change_procedure_code"
    line_number: int = Field(ge=1, le=50)
    procedure_code: ProcedureCode


class AddAttachment(Value):
    """2300 PWK: paperwork sent for the claim, the answer to CO-16 with N706 and to CO-252. Checked as the 837P
    writer checks it, so an unwritable attachment is refused here, naming its field."""

    kind: Literal["add_attachment"] = "add_attachment"
    report_type: Annotated[str, AfterValidator(attachment_report_type)]
    """PWK01: 03 justification, 09 progress report, B3 physician order, OZ support data, ..."""
    transmission_code: AttachmentTransmission
    control_number: X12Text | None = Field(default=None, min_length=2, max_length=50, validate_default=True)
    """PWK06, the number the payer matches the paper by: required unless the paper stays with us (AA)."""

    @field_validator("control_number")
    @classmethod
    def _required_unless_on_request(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("transmission_code", "AA") != "AA":
            raise ValueError("is required unless transmission_code is AA (available on request)")
        return value


class UpdateRegistrationData(Value):
    """Registration data corrected since the claim was built (coverage and/or patient demographics; PHI)."""

    kind: Literal["update_registration_data"] = "update_registration_data"
    coverage: Coverage | None = None
    patient: PersonDemographics | None = None


ClaimFixV1 = Annotated[
    AddModifier
    | RemoveModifier
    | ChangePlaceOfService
    | ChangeDiagnosisPointers
    | ChangeUnits
    | SetPriorAuthorization
    | UpdateRegistrationData,
    Field(discriminator="kind"),
]
"""The fixes v1 of UpdateHeldClaim, CorrectionRequested and ResolveDenial carry."""

ClaimFix = Annotated[
    AddModifier
    | RemoveModifier
    | ChangePlaceOfService
    | ChangeDiagnosisPointers
    | ChangeUnits
    | SetPriorAuthorization
    | ReplaceDiagnosis
    | SetDiagnoses
    | ChangeProcedureCode
    | AddAttachment
    | UpdateRegistrationData,
    Field(discriminator="kind"),
]
"""v2 of the carrying events: v1's kinds, the code-changing ones (a diagnosis, the diagnosis list, a procedure)
and a PWK attachment (added while v2 was unreleased, no v2 message without it was ever sent)."""


def same_fixes(payload: dict[str, Any]) -> dict[str, Any]:
    """Upcaster from v1 to v2 of an event carrying fixes: the v2 union holds every v1 kind, so nothing changes."""
    return payload
