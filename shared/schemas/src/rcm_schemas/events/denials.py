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
from rcm_schemas.events.fixes import ClaimFix
from rcm_schemas.money import Money
from rcm_schemas.registry import register
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


@register
class CorrectionRequested(Event):
    """Denials found a fixable cause: claims builds a replacement claim (frequency 7) with these fixes.

    correction_id lets claims ignore a repeated request; attempt is the loop guard's counter.
    """

    EVENT_TYPE: ClassVar[str] = "CorrectionRequested"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    denial_id: EntityId
    correction_id: EntityId
    attempt: int = Field(ge=1, le=10)
    payer_claim_control_number: str | None = Field(default=None, max_length=50)
    reason_carc: CarcCode | None = None
    fixes: tuple[ClaimFix, ...] = Field(min_length=1)


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


@register
class ResolveDenial(Event):
    """Command: close a denial work item with its outcome."""

    EVENT_TYPE: ClassVar[str] = "ResolveDenial"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    resolution: Literal["corrected", "recovered", "patient_billed", "secondary_billed", "no_action"]
    fixes: tuple[ClaimFix, ...] = ()
    """For "corrected": the fixes to send to claims as a CorrectionRequested."""
    requested_by: str = Field(min_length=1, max_length=100)


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
