"""Claim status follow-up (276/277) for claims that hear nothing, published by the clearinghouse on
rcm.clearinghouse.events (key claim_id, so they stay in order with the claim's acknowledgment).

A claim accepted by the payer with no 835 after the payer's `status_inquiry_after_days` is asked about (276,
ClaimStatusInquired); the payer's 277 answer is ClaimStatusReported; a claim still without a decision within
the escalation margin of the payer's timely-filing limit is ClaimStatusEscalated, for a person to chase.
Dates are the simulated clearinghouse's days. x12_276 and x12_277 contain PHI (subscriber names, member ids).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field

from rcm_schemas.codes import ClaimId, PayerId
from rcm_schemas.envelope import Event
from rcm_schemas.events.claims import X12_TEXT_MAX
from rcm_schemas.money import Money
from rcm_schemas.registry import register

StatusGroupName = Literal["acknowledged", "pending", "finalized", "error", "unknown"]
"""What a 277 status category means for the follow-up (rcm_x12.claim_status_codes.StatusGroup)."""


@register
class ClaimStatusInquired(Event):
    """We asked the payer (276) about a claim that has had no answer for `days_silent` days."""

    EVENT_TYPE: ClassVar[str] = "ClaimStatusInquired"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    payer_id: PayerId
    inquired_on: date
    submitted_on: date
    days_silent: int = Field(ge=0)
    """Days since submission (the first inquiry) or since the last inquiry."""
    inquiry_number: int = Field(ge=1)
    interchange_control_number: str = Field(min_length=1, max_length=9)
    x12_276: str = Field(min_length=1, max_length=X12_TEXT_MAX)


@register
class ClaimStatusReported(Event):
    """The payer's 277 answer to our inquiry: its status category, status code and our label for them."""

    EVENT_TYPE: ClassVar[str] = "ClaimStatusReported"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    payer_id: PayerId
    reported_on: date
    category: str = Field(pattern=r"^[A-Z][0-9A-Z]$")
    """STC01-1, e.g. P1 (pending, in process) or F1 (finalized, payment)."""
    status_code: str = Field(min_length=1, max_length=5)
    """STC01-2, e.g. 20 (accepted for processing)."""
    group: StatusGroupName
    label: str = Field(min_length=1, max_length=200)
    paid_amount: Money | None = None
    """STC05 when the payer has decided (finalized): what it will pay."""
    adjudication_date: date | None = None
    interchange_control_number: str = Field(min_length=1, max_length=9)
    x12_277: str = Field(min_length=1, max_length=X12_TEXT_MAX)


@register
class ClaimStatusEscalated(Event):
    """Still no payer decision this close to the timely-filing limit: a person must chase the claim (call the
    payer, resubmit) before the claim can no longer be filed."""

    EVENT_TYPE: ClassVar[str] = "ClaimStatusEscalated"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    payer_id: PayerId
    escalated_on: date
    date_of_service: date
    filing_deadline: date
    """Date of service plus the payer's timely filing days."""
    total_charge: Money
    """What is at stake if the claim misses the limit."""
    days_left: int
    last_category: str = Field(pattern=r"^[A-Z][0-9A-Z]$")
    reason: str = Field(min_length=1, max_length=300)
