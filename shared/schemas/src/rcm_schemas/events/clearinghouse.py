"""Events published by the clearinghouse: acknowledgments (rcm.clearinghouse.events, key claim_id) and
remittances (rcm.clearinghouse.remittances, key trace_number).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import Field

from rcm_schemas.codes import ClaimId, ControlNumber, PayerId
from rcm_schemas.envelope import Event
from rcm_schemas.events.claims import X12_TEXT_MAX
from rcm_schemas.money import Money
from rcm_schemas.registry import register

AckKind = Literal["999", "277CA"]
"""999: the file was (not) syntactically accepted; 277CA: the claim was (not) accepted for adjudication."""


@register
class ClaimAcknowledged(Event):
    """The payer side accepted the claim for adjudication."""

    EVENT_TYPE: ClassVar[str] = "ClaimAcknowledged"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    payer_id: PayerId
    ack_kind: AckKind
    interchange_control_number: ControlNumber
    payer_claim_control_number: str | None = Field(default=None, max_length=50)
    """The payer's id for the claim when the 277CA gives one (REF*1K)."""
    status_code: str | None = Field(default=None, max_length=20)
    """277CA STC01 category:status, e.g. "A1:20"."""


@register
class ClaimRejected(Event):
    """The file or the claim was rejected before adjudication (not a denial: nothing was adjudicated)."""

    EVENT_TYPE: ClassVar[str] = "ClaimRejected"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    payer_id: PayerId
    ack_kind: AckKind
    interchange_control_number: ControlNumber
    reason: str = Field(min_length=1, max_length=500)
    reason_code: str | None = Field(default=None, max_length=20)
    """999 IK3/IK4 error code or 277CA STC01, e.g. "A7:21"."""
    segment: str | None = Field(default=None, max_length=10)
    """The segment id at fault, e.g. "NM1"."""
    segment_position: int | None = Field(default=None, ge=1)
    """Position of that segment in the transaction set (IK302)."""
    element_position: int | None = Field(default=None, ge=1)
    date_of_service: date | None = None
    total_charge: Money | None = None


@register
class RemittanceReceived(Event):
    """An 835 arrived (simulator, file drop or upload). One file, many claims; remittance posts it exactly
    once.

    x12_835 contains PHI (patient names, member ids).
    """

    EVENT_TYPE: ClassVar[str] = "RemittanceReceived"
    PARTITION_KEY: ClassVar[str] = "trace_number"

    trace_number: str = Field(min_length=1, max_length=50)
    """TRN02: the check or EFT trace number; with payer_id the idempotency key of the remittance."""
    payer_id: PayerId
    payer_name: str | None = Field(default=None, max_length=60)
    payment_amount: Money
    """BPR02: total actually paid = sum of CLP04 minus PLB adjustments."""
    payment_method: str | None = Field(default=None, max_length=3)
    """BPR04: ACH, CHK, NON, ..."""
    payment_date: date | None = None
    claim_count: int = Field(ge=0)
    provider_adjustment_total: Money = Decimal("0.00")
    """Sum of PLB amounts (positive reduces the payment)."""
    source: Literal["simulator", "file_drop", "upload"] = "simulator"
    file_name: str | None = Field(default=None, max_length=255)
    x12_835: str = Field(min_length=1, max_length=X12_TEXT_MAX * 10)
