"""The coder's codes that do not validate, as a 422 in the kit's shape, each finding at the field it names."""

from __future__ import annotations

from collections.abc import Iterable

from rcm_platform.http import FieldProblem

from rcm_coding.domain.models import Finding
from rcm_coding.entrypoints.http_models import ApproveRequest


def finding_problems(findings: Iterable[Finding], body: ApproveRequest) -> list[FieldProblem]:
    """The errors among the findings; a finding on a diagnosis points at it, one on a line at that line."""
    return [
        FieldProblem(
            loc=_location(finding, body), msg=f"{finding.rule_id}: {finding.message}", type="coding_rule"
        )
        for finding in findings
        if finding.severity == "error"
    ]


def _location(finding: Finding, body: ApproveRequest) -> tuple[str | int, ...]:
    if finding.diagnosis_position is not None:
        return ("body", "diagnoses", finding.diagnosis_position - 1)
    if finding.line_number is not None:
        numbers = [line.line_number for line in body.lines]
        if finding.line_number in numbers:
            return ("body", "lines", numbers.index(finding.line_number))
        return ("body", "lines")
    return ("body",)
