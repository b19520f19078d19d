"""Use case of the coder queue: approve an item with the coder's edits after re-validation (taking it is
the domain's `take`).

A coder's codes are checked by the same line rules as a provider's: approval with errors is refused (the
findings come back), so the queue cannot become a way around validation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from rcm_coding.domain.line_rules import validate_encounter
from rcm_coding.domain.models import CodedLine, EncounterToCode, Finding, has_errors
from rcm_coding.domain.work_item import CodedResult, CoderWorkItem, approve


@dataclass(frozen=True, slots=True)
class ApprovalOutcome:
    item: CoderWorkItem
    result: CodedResult | None
    findings: tuple[Finding, ...]


def approve_work_item(
    item: CoderWorkItem,
    encounter: EncounterToCode,
    coder_id: str,
    at: datetime,
    diagnoses: tuple[str, ...],
    lines: tuple[CodedLine, ...],
) -> ApprovalOutcome:
    findings = validate_encounter(replace(encounter, diagnoses=diagnoses, lines=lines))
    if has_errors(findings):
        return ApprovalOutcome(item, None, tuple(findings))
    approved = approve(item, coder_id, at, diagnoses, lines)
    return ApprovalOutcome(approved, approved.result(), tuple(findings))
