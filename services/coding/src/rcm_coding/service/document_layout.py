"""Domain values <-> the plain dicts stored in the coding document (one per encounter, _id = encounter_id).

Every value is stored as JSON-friendly primitives (dates and times as ISO text) so the document reads the
same in the store, in the HTTP views and in the tests. This layout is the aggregate's state, which the pure
transitions (coding_document.py) build, so it belongs to the service layer, not to a store adapter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rcm_coding.domain.models import CodedLine, Correction, Finding, Suggestion
from rcm_coding.domain.work_item import CoderChange, CoderWorkItem

Doc = dict[str, Any]


def line_doc(line: CodedLine) -> Doc:
    return {
        "line_number": line.line_number,
        "procedure_code": line.procedure_code,
        "modifiers": list(line.modifiers),
        "units": line.units,
        "diagnosis_pointers": list(line.diagnosis_pointers),
    }


def line_from(doc: Doc) -> CodedLine:
    return CodedLine(
        doc["line_number"],
        doc["procedure_code"],
        tuple(doc["modifiers"]),
        doc["units"],
        tuple(doc["diagnosis_pointers"]),
    )


def finding_doc(finding: Finding) -> Doc:
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "message": finding.message,
        "fix_hint": finding.fix_hint,
        "line_number": finding.line_number,
        "diagnosis_position": finding.diagnosis_position,
    }


def finding_from(doc: Doc) -> Finding:
    return Finding(
        doc["rule_id"],
        doc["severity"],
        doc["message"],
        doc["fix_hint"],
        doc["line_number"],
        doc["diagnosis_position"],
    )


def suggestion_doc(suggestion: Suggestion) -> Doc:
    return {
        "code": suggestion.code,
        "kind": suggestion.kind,
        "score": suggestion.score,
        "description": suggestion.description,
        "matched_words": list(suggestion.matched_words),
    }


def suggestion_from(doc: Doc) -> Suggestion:
    return Suggestion(doc["code"], doc["kind"], doc["score"], doc["description"], tuple(doc["matched_words"]))


def correction_audit(correction: Correction, at: datetime) -> Doc:
    """An automatic correction as an audit record: the rule is the 'who'."""
    return {
        "kind": "auto_correction",
        "who": "coding-rules",
        "at": at.isoformat(),
        "rule_id": correction.rule_id,
        "field": correction.field,
        "line_number": correction.line_number,
        "before": correction.before,
        "after": correction.after,
    }


def change_doc(change: CoderChange) -> Doc:
    return {
        "kind": "coder_change",
        "who": change.coder_id,
        "at": change.at.isoformat(),
        "field": change.field,
        "before": change.before,
        "after": change.after,
    }


def change_from(doc: Doc) -> CoderChange:
    return CoderChange(
        doc["who"], datetime.fromisoformat(doc["at"]), doc["field"], doc["before"], doc["after"]
    )


def work_item_doc(item: CoderWorkItem) -> Doc:
    return {
        "work_item_id": item.work_item_id,
        "encounter_id": item.encounter_id,
        "status": item.status,
        "coder_id": item.coder_id,
        "findings": [finding_doc(f) for f in item.findings],
        "suggestions": [suggestion_doc(s) for s in item.suggestions],
        "diagnoses": list(item.diagnoses),
        "lines": [line_doc(line) for line in item.lines],
        "audit": [change_doc(c) for c in item.audit],
    }


def work_item_from(doc: Doc) -> CoderWorkItem:
    return CoderWorkItem(
        work_item_id=doc["work_item_id"],
        encounter_id=doc["encounter_id"],
        status=doc["status"],
        findings=tuple(finding_from(f) for f in doc["findings"]),
        suggestions=tuple(suggestion_from(s) for s in doc["suggestions"]),
        diagnoses=tuple(doc["diagnoses"]),
        lines=tuple(line_from(line) for line in doc["lines"]),
        coder_id=doc["coder_id"],
        audit=tuple(change_from(c) for c in doc["audit"]),
    )
