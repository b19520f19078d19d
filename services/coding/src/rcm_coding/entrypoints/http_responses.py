"""Response bodies of the coding HTTP API: the coding document's views, command receipts, the upcoding report.

They mirror the stored layout (service/document_layout.py) field for field; a unit test checks that a view
of a real document passes through these models unchanged.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field
from rcm_schemas.vocabulary import Severity


class LineView(BaseModel):
    line_number: int
    procedure_code: str
    modifiers: list[str]
    units: int
    diagnosis_pointers: list[int]


class FindingView(BaseModel):
    rule_id: str
    severity: Severity
    message: str
    fix_hint: str
    line_number: int | None
    diagnosis_position: int | None


class SuggestionView(BaseModel):
    code: str
    kind: Literal["diagnosis", "procedure"]
    score: float
    description: str
    matched_words: list[str]


class CoderChangeAudit(BaseModel):
    kind: Literal["coder_change"]
    who: str
    at: str
    field: str
    before: str
    after: str


class CorrectionAudit(BaseModel):
    """An automatic correction: the rule is the 'who'."""

    kind: Literal["auto_correction"]
    who: str
    at: str
    rule_id: str
    field: str
    line_number: int | None
    before: str
    after: str


AuditEntry = Annotated[CorrectionAudit | CoderChangeAudit, Field(discriminator="kind")]


class WorkItemSummary(BaseModel):
    work_item_id: str
    encounter_id: str
    status: Literal["open", "taken", "approved"]
    coder_id: str | None
    findings: list[FindingView]
    suggestions: list[SuggestionView]
    diagnoses: list[str]
    lines: list[LineView]
    audit: list[CoderChangeAudit]
    clinic_id: str
    provider_id: str
    date_of_service: str
    place_of_service: str


class WorkItemDetail(WorkItemSummary):
    note_text: str
    """The coder reads the note to decide."""


class RejectedCommand(BaseModel):
    """A coder command that did not fit the work item: recorded as a business answer, not dead-lettered."""

    command: str
    work_item_id: str
    coder_id: str
    at: str
    reason: str
    findings: list[FindingView]


class EncounterCodingView(BaseModel):
    encounter_id: str
    status: Literal["coded", "review_required"]
    source: Literal["provider", "assistant"]
    coded_by: Literal["auto", "coder"] | None
    coder_id: str | None
    diagnoses: list[str]
    lines: list[LineView]
    place_of_service: str
    findings: list[FindingView]
    suggestions: list[SuggestionView]
    audit: list[AuditEntry]
    rejected_commands: list[RejectedCommand]
    code_set_release: str
    decided_at: str
    work_item: WorkItemSummary | None


class CoderCommandSent(BaseModel):
    """202: the command is on its way to the encounter's consumer, which applies it once, in order."""

    command_id: str


class ApprovalSent(CoderCommandSent):
    warnings: list[FindingView]
    """Findings that do not stop the approval, shown to the coder."""


class ProviderProfileView(BaseModel):
    provider_id: str
    visits: int
    level_counts: dict[int, int]
    high_level_share: float
    peer_high_level_share: float
    high_share_difference: float
    chi_square: float
    flagged: bool
    reasons: list[str]


class UpcodingReportView(BaseModel):
    clinic_id: str
    clinic_level_counts: dict[int, int]
    providers: list[ProviderProfileView]
    flagged: list[str]
    """The providers whose visit levels are a screening signal for a compliance review."""
