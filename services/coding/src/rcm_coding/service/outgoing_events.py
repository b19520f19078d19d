"""Domain -> wire: the payloads coding publishes, built from the coding document's state.

Envelopes (event ids, tenant, causation) are added by the aggregate store that writes the document.
"""

from __future__ import annotations

from typing import Any, Literal

from rcm_codesets import HCPCS_RELEASE, icd10cm_release
from rcm_schemas.events.coding import CodeSuggestion, CodingReviewRequired, EncounterCoded
from rcm_schemas.events.common import Finding as WireFinding
from rcm_schemas.events.registration import EncounterFacts

from rcm_coding.domain.models import Finding, Suggestion
from rcm_coding.service.document_layout import line_from
from rcm_coding.service.registration_translation import selected_line

# Wire limits (rcm_schemas): texts longer than these would fail validation at publish time.
_TEXT_MAX = 500
_SUGGESTIONS_PER_KIND = 5


def code_set_release() -> str:
    return f"ICD-10-CM FY{icd10cm_release().fiscal_year}; HCPCS {HCPCS_RELEASE}"[:50]


def encounter_coded(
    state: dict[str, Any], coded_by: Literal["auto", "coder"], coder_id: str | None
) -> EncounterCoded:
    """EncounterCoded repeats the registration facts (with the final place of service), never the note."""
    facts = EncounterFacts.model_validate(state["facts"])
    if facts.place_of_service != state["place_of_service"]:
        facts = facts.model_copy(update={"place_of_service": state["place_of_service"]})
    return EncounterCoded(
        encounter_id=state["encounter_id"],
        patient_id=state["patient_id"],
        facts=facts,
        diagnoses=tuple(state["diagnoses"]),
        lines=tuple(
            selected_line(line_from(line), state.get("line_drugs"), state.get("line_providers"))
            for line in state["lines"]
        ),
        coded_by=coded_by,
        coder_id=coder_id,
        code_set_release=state["code_set_release"],
    )


def wire_finding(finding: Finding) -> WireFinding:
    where = f" (diagnosis {finding.diagnosis_position})" if finding.diagnosis_position else ""
    return WireFinding(
        rule_id=finding.rule_id,
        severity=finding.severity,
        message=(finding.message + where)[:_TEXT_MAX],
        fix_hint=finding.fix_hint[:_TEXT_MAX],
        line_number=finding.line_number,
    )


def wire_suggestion(suggestion: Suggestion) -> CodeSuggestion:
    return CodeSuggestion(
        code=suggestion.code,
        kind=suggestion.kind,
        score=max(0.0, min(1.0, suggestion.score)),
        matched_words=suggestion.matched_words,
    )


def review_required(
    encounter_id: str, work_item_id: str, findings: tuple[Finding, ...], suggestions: tuple[Suggestion, ...]
) -> CodingReviewRequired:
    return CodingReviewRequired(
        encounter_id=encounter_id,
        work_item_id=work_item_id,
        findings=tuple(wire_finding(f) for f in findings),
        suggestions=tuple(wire_suggestion(s) for s in _top_of_each_kind(suggestions)),
    )


def _top_of_each_kind(suggestions: tuple[Suggestion, ...]) -> list[Suggestion]:
    # Diagnoses come first in the assistant's list; without this, procedures would never reach the coder.
    diagnoses = [s for s in suggestions if s.kind == "diagnosis"][:_SUGGESTIONS_PER_KIND]
    procedures = [s for s in suggestions if s.kind == "procedure"][:_SUGGESTIONS_PER_KIND]
    return diagnoses + procedures
