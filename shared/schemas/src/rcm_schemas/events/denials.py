"""Events published by denials (topic rcm.denials.events, key claim_id) and the denial-worklist commands.

A claim has at most one open denial case, so claim_id is both the key and the aggregate id of the commands.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from rcm_schemas.codes import CarcCode, ClaimId, EntityId, PayerId
from rcm_schemas.envelope import Event
from rcm_schemas.events.common import Value
from rcm_schemas.events.fixes import ClaimFix, ClaimFixV1, same_fixes
from rcm_schemas.money import Money
from rcm_schemas.registry import register, register_upcaster
from rcm_schemas.vocabulary import RootCause

WorkQueue = Literal["front_desk", "coding", "billing", "appeals", "patient_billing"]
Team = Literal["clinic", "billing_company"]
RecommendedAction = Literal["correct_and_resubmit", "appeal", "bill_patient", "bill_secondary", "write_off"]


@register
class DenialRouted(Event):
    """A denied or rejected claim was classified and put in a work queue for a team, with its deadline."""

    EVENT_TYPE: ClassVar[str] = "DenialRouted"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    denial_id: EntityId
    work_item_id: EntityId
    payer_id: PayerId
    source: Literal["remittance", "acknowledgment"]
    """Denial from an 835, or rejection from a 999/277CA (kept apart in the KPIs)."""
    root_cause: RootCause
    recommended_action: RecommendedAction
    rule_id: str = Field(min_length=1, max_length=64)
    carc_codes: tuple[CarcCode, ...] = ()
    queue: WorkQueue
    team: Team
    amount_at_risk: Money
    deadline: date | None = None
    """The nearest of the appeal limit and timely filing."""


class _CorrectionRequest(Event):
    """Fields of every CorrectionRequested version; the versions share no subclass link."""

    EVENT_TYPE: ClassVar[str] = "CorrectionRequested"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    denial_id: EntityId
    correction_id: EntityId
    attempt: int = Field(ge=1, le=10)
    payer_claim_control_number: str | None = Field(default=None, max_length=50)
    reason_carc: CarcCode | None = None


@register
class CorrectionRequestedV1(_CorrectionRequest):
    """v1 of CorrectionRequested, kept so its schema is exported and its golden sample can be (re)generated."""

    SCHEMA_VERSION: ClassVar[int] = 1

    fixes: tuple[ClaimFixV1, ...] = Field(min_length=1)


@register
class CorrectionRequested(_CorrectionRequest):
    """Denials found a fixable cause: claims builds a corrected claim with these fixes.

    The corrected claim replaces the original (frequency 7, REF*F8 = payer_claim_control_number); when the
    fixes move the claim to another payer (corrected coverage), claims sends it to that payer as a new original
    (frequency 1) instead. correction_id lets claims ignore a repeated request; attempt is the loop guard's
    counter. v2: the fixes may also change codes (replace_diagnosis, set_diagnoses, change_procedure_code); a v1
    message is upcast unchanged.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    fixes: tuple[ClaimFix, ...] = Field(min_length=1)


register_upcaster("CorrectionRequested", 1, same_fixes)


@register
class AppealFiled(Event):
    """An appeal was generated and filed; the letter itself stays in denials (it quotes PHI)."""

    EVENT_TYPE: ClassVar[str] = "AppealFiled"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    denial_id: EntityId
    appeal_id: EntityId
    payer_id: PayerId
    appeal_deadline: date
    amount_appealed: Money
    carc_codes: tuple[CarcCode, ...] = ()
    letter_document_id: EntityId
    filed_by: str = Field(min_length=1, max_length=100)


@register
class DenialWrittenOff(Event):
    """The denied amount will not be collected; it leaves A/R as a denial write-off (KPI AR-6)."""

    EVENT_TYPE: ClassVar[str] = "DenialWrittenOff"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    denial_id: EntityId
    payer_id: PayerId
    amount: Money
    root_cause: RootCause
    carc_codes: tuple[CarcCode, ...] = ()
    reason: str = Field(min_length=1, max_length=300)
    approved_by: str = Field(min_length=1, max_length=100)


@register
class AssignWorkItem(Event):
    """Command: give a denial work item to a person (or move it to another queue)."""

    EVENT_TYPE: ClassVar[str] = "AssignWorkItem"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    assignee: str = Field(min_length=1, max_length=100)
    queue: WorkQueue | None = None
    requested_by: str = Field(min_length=1, max_length=100)


class _Resolution(Event):
    """Fields of every ResolveDenial version; the versions share no subclass link."""

    EVENT_TYPE: ClassVar[str] = "ResolveDenial"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    resolution: Literal["corrected", "recovered", "patient_billed", "secondary_billed", "no_action"]
    requested_by: str = Field(min_length=1, max_length=100)


@register
class ResolveDenialV1(_Resolution):
    """v1 of ResolveDenial, kept so its schema is exported and its golden sample can be (re)generated."""

    SCHEMA_VERSION: ClassVar[int] = 1

    fixes: tuple[ClaimFixV1, ...] = ()


@register
class ResolveDenial(_Resolution):
    """Command: close a denial work item with its outcome.

    v2: the fixes may also change codes (replace_diagnosis, set_diagnoses, change_procedure_code); a v1 message
    is upcast unchanged.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    fixes: tuple[ClaimFix, ...] = ()
    """For "corrected": the fixes to send to claims as a CorrectionRequested."""


register_upcaster("ResolveDenial", 1, same_fixes)


@register
class FileAppeal(Event):
    """Command: generate the appeal letter for a denial and file it."""

    EVENT_TYPE: ClassVar[str] = "FileAppeal"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    argument: str | None = Field(default=None, max_length=5000)
    """The biller's own paragraph for the letter (may quote the record: PHI)."""
    requested_by: str = Field(min_length=1, max_length=100)


@register
class WriteOffDenial(Event):
    """Command: write off the denied amount (or part of it)."""

    EVENT_TYPE: ClassVar[str] = "WriteOffDenial"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    amount: Money | None = None
    """None: the whole open denied amount."""
    reason: str = Field(min_length=1, max_length=300)
    requested_by: str = Field(min_length=1, max_length=100)


CarcCategory = Literal[
    "contractual",
    "patient_share",
    "coordination_of_benefits",
    "eligibility_registration",
    "provider_eligibility",
    "authorization",
    "coding",
    "bundling",
    "medical_necessity",
    "non_covered",
    "timely_filing",
    "duplicate",
    "documentation",
    "payer_processing",
    "informational",
    "other_adjustment",
]
"""Our categories of CARCs (rcm_codesets.carc_categories.CARC_CATEGORIES; a test keeps the two equal)."""


@register
class ReclassifyDenial(Event):
    """Command: a person who read a CARC we have no category for (the DEN-CARC-UNRECOGNISED review) says which
    category its amounts belong to; the case is then routed like a denial of that category and counts in the
    denial KPIs. Only the review's own work item may be reclassified."""

    EVENT_TYPE: ClassVar[str] = "ReclassifyDenial"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    category: CarcCategory
    requested_by: str = Field(min_length=1, max_length=100)


class ReclassifiedAdjustment(Value):
    """One adjustment code (CAS group and reason) a reclassification covers."""

    group_code: str = Field(pattern=r"^(CO|PR|OA|PI)$")
    carc: CarcCode


@register
class DenialReclassified(Event):
    """Fact: a reviewer's category for CARCs we had none for was applied to the claim's case (ReclassifyDenial).

    Remittance books the claim's amounts adjusted under `adjustments` as denied from then on, no longer
    "unclassified, under review". No PHI: codes, category and the reviewer's user name only."""

    EVENT_TYPE: ClassVar[str] = "DenialReclassified"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    denial_id: EntityId
    category: CarcCategory
    adjustments: tuple[ReclassifiedAdjustment, ...] = Field(min_length=1)
    reclassified_by: str = Field(min_length=1, max_length=100)


@register
class SettleCorrectedDenial(Event):
    """Command (denials to itself): the replacement of a corrected claim was paid; settle the original's case.

    A payment arrives keyed by the replacement's claim id, while the case belongs to the original's key (and so
    possibly to another instance): this command carries the payment to the case's owner.
    """

    EVENT_TYPE: ClassVar[str] = "SettleCorrectedDenial"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    """The original (corrected) claim, whose denial case is settled."""
    replacement_claim_id: ClaimId
    paid_amount: Money
    payment_event_id: UUID
    """The replacement's ClaimPaid / ClaimPartiallyPaid: settling twice with it changes nothing."""
