"""Response bodies of the clearinghouse's routes (the OpenAPI schema of every answer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from rcm_schemas import from_cents

from rcm_clearinghouse.service.queries import SubmissionReport

MAX_ADVANCE_DAYS = 3650


class AdvanceRequest(BaseModel):
    days: int = Field(ge=1, le=MAX_ADVANCE_DAYS)


class SimulatedToday(BaseModel):
    today: date


class ClockAdvanced(BaseModel):
    today: date
    released: list[str]
    """Trace numbers of the 835s released by this advance."""
    followed_up: list[str] = []
    """Claims asked about (276/277) or escalated on the new day."""


class AcknowledgmentView(BaseModel):
    """One answer to one submission of the claim; the fields after `status` exist only for their kind."""

    interchange_control_number: str
    frequency_code: str
    received_on: str
    status: str
    """sent (file drop, answer pending), accepted or rejected."""
    ack_kind: str | None = None
    """999 (the file was rejected) or 277CA (the claim's own answer)."""
    status_code: str | None = None
    reason: str | None = None
    segment: str | None = None


class AdjudicationView(BaseModel):
    entry_id: str
    frequency_code: str
    received_on: str
    payment_date: str
    claim_status: str
    charge: str
    paid: str
    patient_responsibility: str
    denial_causes: list[str]
    adjustment_codes: list[str]
    duplicate: bool
    replaces: str | None
    release: str
    """pending, remitted or superseded."""
    trace_number: str | None


class StatusInquiryView(BaseModel):
    """One 276 we sent about the silent claim and the payer's 277 answer."""

    inquired_on: str
    interchange_control_number: str
    category: str
    status_code: str
    group: str
    label: str


class StatusFollowUpView(BaseModel):
    inquiries: list[StatusInquiryView] = []
    escalated_on: str | None = None
    """The day the claim went to a person: still undecided near the payer's timely-filing limit."""


class SubmissionView(BaseModel):
    claim_id: str
    payer_id: str
    acknowledgments: list[AcknowledgmentView]
    adjudications: list[AdjudicationView]
    status_follow_up: StatusFollowUpView | None = None


def _adjudication_view(entry: dict[str, Any], release: dict[str, Any] | None) -> AdjudicationView:
    return AdjudicationView(
        entry_id=entry["entry_id"],
        frequency_code=entry["frequency_code"],
        received_on=entry["received_on"],
        payment_date=entry["payment_date"],
        claim_status=entry["claim_status"],
        charge=str(from_cents(entry["charge_cents"])),
        paid=str(from_cents(entry["paid_cents"])),
        patient_responsibility=str(from_cents(entry["patient_responsibility_cents"])),
        denial_causes=entry["denial_causes"],
        adjustment_codes=entry["adjustment_codes"],
        duplicate=entry["duplicate"],
        replaces=entry["replaces"],
        release="pending" if release is None else release["outcome"],
        trace_number=(release or {}).get("trace_number"),
    )


def submission_view(report: SubmissionReport) -> SubmissionView:
    state = report.state
    return SubmissionView(
        claim_id=report.claim_id,
        payer_id=state["payer_id"],
        # Only the keys an acknowledgment has are set, so the route (exclude_unset) answers them alone.
        acknowledgments=[AcknowledgmentView(**ack) for ack in state["acknowledgments"]],
        adjudications=[
            _adjudication_view(entry, report.released.get(entry["entry_id"]))
            for entry in state["adjudications"]
        ],
        **(
            {"status_follow_up": StatusFollowUpView(**state["status_follow_up"])}
            if "status_follow_up" in state
            else {}
        ),
    )
