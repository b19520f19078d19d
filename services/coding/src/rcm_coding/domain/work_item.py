"""Coder work item: open -> taken (by a coder) -> approved with edits -> the final coded result.

Immutable: every transition returns a new item, so the wiring step can store the whole item (state, audit,
outbox) in one document write. Repeating a transition with the same inputs returns the same item, because
commands arrive at least once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from rcm_coding.domain.models import CodedLine, Finding, Suggestion

WorkItemStatus = Literal["open", "taken", "approved"]


class WorkItemTransitionError(ValueError):
    """The command does not fit the item's state (e.g. approving an item another coder holds)."""


@dataclass(frozen=True, slots=True)
class CoderChange:
    """Audit of one coder action: who, when, which field, before and after (codes rendered as text)."""

    coder_id: str
    at: datetime
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class CodedResult:
    encounter_id: str
    diagnoses: tuple[str, ...]
    lines: tuple[CodedLine, ...]
    coded_by: Literal["auto", "coder"]
    coder_id: str | None


@dataclass(frozen=True, slots=True)
class CoderWorkItem:
    work_item_id: str
    encounter_id: str
    status: WorkItemStatus
    findings: tuple[Finding, ...]
    suggestions: tuple[Suggestion, ...]
    diagnoses: tuple[str, ...]
    lines: tuple[CodedLine, ...]
    coder_id: str | None = None
    audit: tuple[CoderChange, ...] = ()

    def result(self) -> CodedResult | None:
        if self.status != "approved":
            return None
        return CodedResult(self.encounter_id, self.diagnoses, self.lines, "coder", self.coder_id)


def open_work_item(
    work_item_id: str,
    encounter_id: str,
    findings: tuple[Finding, ...],
    suggestions: tuple[Suggestion, ...],
    diagnoses: tuple[str, ...],
    lines: tuple[CodedLine, ...],
) -> CoderWorkItem:
    return CoderWorkItem(work_item_id, encounter_id, "open", findings, suggestions, diagnoses, lines)


def take(item: CoderWorkItem, coder_id: str, at: datetime) -> CoderWorkItem:
    if item.status == "taken" and item.coder_id == coder_id:
        return item
    if item.status != "open":
        raise WorkItemTransitionError(f"work item {item.work_item_id} is {item.status} by {item.coder_id}")
    change = CoderChange(coder_id, at, "coder_id", "", coder_id)
    return replace(item, status="taken", coder_id=coder_id, audit=(*item.audit, change))


def describe_line(line: CodedLine) -> str:
    modifiers = "-" + ":".join(line.modifiers) if line.modifiers else ""
    pointers = ",".join(str(pointer) for pointer in line.diagnosis_pointers)
    return f"{line.line_number}:{line.procedure_code}{modifiers} x{line.units} ptr {pointers}"


def approve(
    item: CoderWorkItem, coder_id: str, at: datetime, diagnoses: tuple[str, ...], lines: tuple[CodedLine, ...]
) -> CoderWorkItem:
    """Approve with the coder's final codes; each field that changed is audited."""
    if item.status == "approved" and (item.coder_id, item.diagnoses, item.lines) == (
        coder_id,
        diagnoses,
        lines,
    ):
        return item
    if item.status != "taken" or item.coder_id != coder_id:
        raise WorkItemTransitionError(
            f"work item {item.work_item_id} must be taken by {coder_id} to approve (is {item.status})"
        )
    changes: list[CoderChange] = []
    if diagnoses != item.diagnoses:
        changes.append(CoderChange(coder_id, at, "diagnoses", " ".join(item.diagnoses), " ".join(diagnoses)))
    before = {line.line_number: describe_line(line) for line in item.lines}
    after = {line.line_number: describe_line(line) for line in lines}
    for number in sorted(before.keys() | after.keys()):
        if before.get(number) != after.get(number):
            changes.append(
                CoderChange(coder_id, at, f"line {number}", before.get(number, ""), after.get(number, ""))
            )
    changes.append(CoderChange(coder_id, at, "status", "taken", "approved"))
    return replace(item, status="approved", diagnoses=diagnoses, lines=lines, audit=(*item.audit, *changes))
