"""What the clearinghouse hands back, shaped so the wiring step maps them 1:1 onto events.

FileAcknowledgment (999) and ClaimAcknowledgmentOutcome (277CA) -> ClaimAcknowledged / ClaimRejected;
RemittanceDocument (835) -> RemittanceReceived. Field names follow rcm_schemas.events.clearinghouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from rcm_x12 import Claim


@dataclass(frozen=True)
class FileProblem:
    """Why a 999 rejected the file: the segment at fault and where it is."""

    reason: str
    segment: str | None
    # Position inside the transaction set (ST = 1) as IK302 reports it; in the file when outside ST..SE.
    segment_position: int | None
    element_position: int | None
    error_code: str  # IK304/IK403 (segment/element syntax error code) or AK905 for envelope problems


@dataclass(frozen=True)
class FileAcknowledgment:
    """999 semantics: the whole 837 file accepted or rejected."""

    interchange_control_number: str  # ISA13 of the acknowledged 837 ("0" when it could not be read)
    accepted: bool
    problem: FileProblem | None
    # CLM01 values found in the file, even a rejected one (scanned leniently), so each claim learns its fate.
    claim_ids: tuple[str, ...]
    x12_999: str


@dataclass(frozen=True)
class ClaimAcknowledgmentOutcome:
    """277CA semantics for one claim: accepted for adjudication, or rejected with the reason."""

    claim_id: str
    payer_id: str
    accepted: bool
    status_code: str  # STC01 category:status[:entity], e.g. "A2:20" or "A7:562:85"
    interchange_control_number: str
    reason: str | None = None
    payer_claim_control_number: str | None = None
    date_of_service: date | None = None
    total_charge: Decimal | None = None


@dataclass(frozen=True)
class SubmissionAcknowledgment:
    """Everything the clearinghouse answers to one 837 file."""

    file: FileAcknowledgment
    claims: tuple[ClaimAcknowledgmentOutcome, ...] = ()
    x12_277ca: str | None = None
    # The claims that go on to the payer (read from the 837); internal to the simulator, not for the wire.
    accepted_claims: tuple[Claim, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class RemittanceDocument:
    """One 835 transaction (one payment, one BPR/TRN) with the header facts RemittanceReceived carries."""

    trace_number: str
    payer_id: str
    payer_name: str | None
    payment_amount: Decimal
    payment_method: str | None
    payment_date: date | None
    claim_count: int
    provider_adjustment_total: Decimal
    x12_835: str
    source: Literal["simulator", "file_drop", "upload"] = "simulator"
    file_name: str | None = None
    claim_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SentClaim:
    """What the service knows of a claim it sent: whose it is, to which payer, in which interchange."""

    claim_id: str
    tenant_id: str
    payer_id: str
    interchange_control_number: str


@dataclass(frozen=True)
class InboundDocuments:
    """What a gateway poll found: acknowledgments and remittances, plus files it could not read."""

    file_acknowledgments: tuple[FileAcknowledgment, ...] = ()
    claim_acknowledgments: tuple[ClaimAcknowledgmentOutcome, ...] = ()
    remittances: tuple[RemittanceDocument, ...] = ()
    unreadable_files: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    """The files read: the caller hands them back to done() once what they said is published."""
