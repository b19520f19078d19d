"""Changes to a claim, shared by the biller's UpdateHeldClaim and denials' CorrectionRequested.

A discriminated union on `kind`, so claims applies each with one match statement and JSON Schema names every
shape.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from rcm_schemas.codes import ModifierCode, PlaceOfServiceCode
from rcm_schemas.events.common import Coverage, DiagnosisPointer, PersonDemographics, Value
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


class UpdateRegistrationData(Value):
    """Registration data corrected since the claim was built (coverage and/or patient demographics; PHI)."""

    kind: Literal["update_registration_data"] = "update_registration_data"
    coverage: Coverage | None = None
    patient: PersonDemographics | None = None


ClaimFix = Annotated[
    AddModifier
    | RemoveModifier
    | ChangePlaceOfService
    | ChangeDiagnosisPointers
    | ChangeUnits
    | SetPriorAuthorization
    | UpdateRegistrationData,
    Field(discriminator="kind"),
]
