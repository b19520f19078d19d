"""Use cases of the coder queue: take an item, approve it with the coder's edits after re-validation.

A coder's codes are checked by the same line rules as a provider's: approval with errors is refused (the
findings come back), so the queue cannot become a way around validation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from rcm_coding.domain.line_rules import validate_encounter
from rcm_coding.domain.models import CodedLine, EncounterToCode, Finding, has_errors
from rcm_coding.domain.work_item import CodedResult, CoderWorkItem, approve, take


@dataclass(frozen=True, slots=True)
class ApprovalOutcome:
    item: CoderWorkItem
    result: CodedResult | None
    findings: tuple[Finding, ...]


def take_work_item(item: CoderWorkItem, coder_id: str, at: datetime) -> CoderWorkItem:
    return take(item, coder_id, at)


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
