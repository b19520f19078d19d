"""Request and response bodies of the claims HTTP API (amounts as strings with two places, like events)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rcm_schemas import Money, from_cents
from rcm_schemas.events.claim_details import HeldClaimDetails
from rcm_schemas.events.fixes import ClaimFix

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.findings import AuditRecord, Finding
from rcm_claims.domain.lifecycle import HistoryEntry
from rcm_claims.domain.work_items import WorkItem


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EditHeldClaimBody(_Body):
    work_item_id: str = Field(min_length=1, max_length=64)
    fixes: tuple[ClaimFix, ...] = Field(min_length=1)


class SetHeldClaimDetailsBody(_Body):
    work_item_id: str = Field(min_length=1, max_length=64)
    details: HeldClaimDetails


class ReleaseHeldClaimBody(_Body):
    work_item_id: str = Field(min_length=1, max_length=64)
    accepted_rule_ids: tuple[str, ...] = ()


class CommandAccepted(BaseModel):
    """202: the command is on its way to the consumer that owns the claim. Claims' own model (not the kit's
    `aggregate_id` one) because its clients already read `claim_id`."""

    command_id: str
    claim_id: str


class ClaimSummary(BaseModel):
    claim_id: str
    encounter_id: str
    status: str
    payer_id: str
    date_of_service: date
    total_charge: Money
    frequency_code: str
    original_claim_id: str | None = None
    replaced_by_claim_id: str | None = None
    work_item_id: str | None = None
    work_item_status: str | None = None
    rule_ids: list[str] = []

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> ClaimSummary:
        values = {key: value for key, value in state.items() if key != "total_charge_cents"}
        return cls.model_validate({**values, "total_charge": from_cents(int(state["total_charge_cents"]))})


class ClaimDetail(BaseModel):
    """One claim as a biller sees it: its content (PHI), lifecycle history, findings, audit and 837 text."""

    claim_id: str
    status: str
    total_charge: Money
    claim: dict[str, Any]
    history: tuple[HistoryEntry, ...]
    findings: tuple[Finding, ...]
    audit: tuple[AuditRecord, ...]
    work_item: WorkItem | None
    payer_claim_control_number: str
    replaced_by_claim_id: str | None
    x12_837p: str

    @classmethod
    def from_record(cls, record: ClaimRecord) -> ClaimDetail:
        return cls(
            claim_id=record.claim_id,
            status=str(record.status),
            total_charge=record.claim.total_charge,
            claim=record.claim.model_dump(mode="json"),
            history=record.state.history,
            findings=record.findings,
            audit=record.audit,
            work_item=record.work_item,
            payer_claim_control_number=record.payer_claim_control_number,
            replaced_by_claim_id=record.replaced_by_claim_id,
            x12_837p=record.x12_837p,
        )


class WorkItemView(BaseModel):
    work_item_id: str
    claim_id: str
    status: str | None
    payer_id: str
    date_of_service: date
    total_charge: Money
    rule_ids: list[str]

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> WorkItemView:
        return cls(
            work_item_id=state["work_item_id"],
            claim_id=state["claim_id"],
            status=state["work_item_status"],
            payer_id=state["payer_id"],
            date_of_service=state["date_of_service"],
            total_charge=from_cents(int(state["total_charge_cents"])),
            rule_ids=state.get("rule_ids", []),
        )
