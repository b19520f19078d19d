"""Events published by claims (topic rcm.claims.events, key claim_id) and the biller-queue commands."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import Field

from rcm_schemas.codes import (
    ClaimFrequencyCode,
    ClaimId,
    ControlNumber,
    CoverageOrder,
    EntityId,
    Icd10Code,
    Npi,
    PayerId,
    PlaceOfServiceCode,
)
from rcm_schemas.envelope import Event
from rcm_schemas.events.common import Finding, SelectedLine
from rcm_schemas.events.fixes import ClaimFix, ClaimFixV1, same_fixes
from rcm_schemas.money import Money
from rcm_schemas.registry import register, register_upcaster

X12_TEXT_MAX = 2_000_000  # one claim's interchange is a few kB; this only stops a runaway message


class ClaimLine(SelectedLine):
    """A submitted service line with its charge and the REF*6R control number the 835 echoes back."""

    charge_amount: Money
    line_control_number: str = Field(min_length=1, max_length=50)
    place_of_service: PlaceOfServiceCode | None = None


class _SubmittedShare(Event):
    """Fields of every ClaimSubmitted version; the versions share no subclass link, so isinstance stays exact."""

    EVENT_TYPE: ClassVar[str] = "ClaimSubmitted"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    encounter_id: EntityId
    patient_id: EntityId
    payer_id: PayerId
    frequency_code: ClaimFrequencyCode = "1"
    original_claim_id: ClaimId | None = None
    """For a replacement (7) or void (8): our id of the claim it replaces."""
    payer_claim_control_number: str | None = Field(default=None, max_length=50)
    """For a replacement or void: the payer's number of the original (sent as REF*F8)."""
    interchange_control_number: ControlNumber
    group_control_number: ControlNumber
    transaction_set_control_number: ControlNumber
    x12_837p: str = Field(min_length=1, max_length=X12_TEXT_MAX)
    total_charge: Money
    date_of_service: date
    place_of_service: PlaceOfServiceCode
    telehealth: bool = False
    billing_provider_npi: Npi
    rendering_provider_npi: Npi
    diagnoses: tuple[Icd10Code, ...] = Field(min_length=1, max_length=12)
    lines: tuple[ClaimLine, ...] = Field(min_length=1, max_length=50)


@register
class ClaimSubmittedV1(_SubmittedShare):
    """v1 of ClaimSubmitted, before coordination of benefits. Upcast as a primary claim with no next payer."""


@register
class ClaimSubmitted(_SubmittedShare):
    """A scrubbed claim was written as an 837P interchange and handed to the clearinghouse.

    x12_837p holds one interchange (ISA..IEA) with this claim; it contains PHI. The summary fields repeat what
    remittance and denials need to match and classify without parsing X12.

    v2: coordination of benefits. A claim to the primary payer names the payer billed next (next_payer_id), so
    remittance holds what the primary leaves to the patient until that payer has answered; a secondary claim,
    built from the primary's adjudication, names the primary claim it follows (primary_claim_id).
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    coverage_order: CoverageOrder = "primary"
    primary_claim_id: ClaimId | None = None
    """For a secondary or tertiary claim: our id of the claim the prior payer adjudicated."""
    next_payer_id: PayerId | None = None
    """The payer billed after this one for what it leaves to the patient; None when the patient is next."""


def _claim_submitted_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Every v1 claim went to the payer of record with nobody billed after it: the v2 defaults say exactly that."""
    return payload


register_upcaster("ClaimSubmitted", 1, _claim_submitted_v1_to_v2)


@register
class SelfPayClaimBilled(Event):
    """A scrubbed claim of a self-pay visit: the claim is the patient's bill; no payer is asked.

    Nothing is written as 837P or sent to the clearinghouse. The whole charge is owed by the patient from the
    start; remittance books it in the claim's account as the patient's share and bills it on the next statement.
    """

    EVENT_TYPE: ClassVar[str] = "SelfPayClaimBilled"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    encounter_id: EntityId
    patient_id: EntityId
    total_charge: Money
    date_of_service: date
    place_of_service: PlaceOfServiceCode
    telehealth: bool = False
    billing_provider_npi: Npi
    rendering_provider_npi: Npi
    diagnoses: tuple[Icd10Code, ...] = Field(min_length=1, max_length=12)
    lines: tuple[ClaimLine, ...] = Field(min_length=1, max_length=50)


@register
class ClaimHeld(Event):
    """The scrubber found problems it could not fix: a biller work item exists; nothing was sent."""

    EVENT_TYPE: ClassVar[str] = "ClaimHeld"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    encounter_id: EntityId
    payer_id: PayerId
    work_item_id: EntityId
    total_charge: Money
    date_of_service: date
    findings: tuple[Finding, ...] = Field(min_length=1)


class _HeldClaimEdit(Event):
    """Fields of every UpdateHeldClaim version; the versions share no subclass link, so isinstance stays exact."""

    EVENT_TYPE: ClassVar[str] = "UpdateHeldClaim"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    requested_by: str = Field(min_length=1, max_length=100)


@register
class UpdateHeldClaimV1(_HeldClaimEdit):
    """v1 of UpdateHeldClaim, kept so its schema is exported and its golden sample can be (re)generated."""

    SCHEMA_VERSION: ClassVar[int] = 1

    fixes: tuple[ClaimFixV1, ...] = Field(min_length=1)


@register
class UpdateHeldClaim(_HeldClaimEdit):
    """Command from the biller queue: apply edits to a held claim (claims re-scrubs it).

    v2: the fixes may also change codes (replace_diagnosis, set_diagnoses, change_procedure_code). A v1 message
    is upcast unchanged: every v1 fix is a v2 fix.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    fixes: tuple[ClaimFix, ...] = Field(min_length=1)


register_upcaster("UpdateHeldClaim", 1, same_fixes)


@register
class ReleaseHeldClaim(Event):
    """Command from the biller queue: submit a held claim, accepting the listed warnings."""

    EVENT_TYPE: ClassVar[str] = "ReleaseHeldClaim"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    requested_by: str = Field(min_length=1, max_length=100)
    accepted_rule_ids: tuple[str, ...] = ()
