"""Use case: an encounter arrives with (or without) the provider's codes; decide coded or review.

Order matters: telehealth corrections first (they change POS and modifiers), then line validation on the
corrected encounter, then the assistant and the auto-coding policy. The wiring step turns the decision into
EncounterCoded or CodingReviewRequired + a coder work item.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rcm_coding.assist.diagnosis_index import billable_diagnosis_index
from rcm_coding.assist.procedure_suggester import suggest_procedures
from rcm_coding.domain.auto_coding_policy import (
    AutoCodingConfig,
    CodingDecision,
    decide_provider_codes,
    propose_assistant_codes,
)
from rcm_coding.domain.line_rules import validate_encounter
from rcm_coding.domain.models import EncounterToCode, Finding
from rcm_coding.domain.telehealth_rules import MismatchAction, apply_telehealth_rules, telehealth_rules_for
from rcm_coding.service.ports import DiagnosisSuggester


@dataclass(frozen=True, slots=True)
class CodingPolicy:
    """The auto-coding thresholds and payer choices, from the service's settings."""

    policy: AutoCodingConfig = field(default_factory=AutoCodingConfig)
    # Payers whose telehealth mismatches go to a coder instead of being corrected silently.
    telehealth_review_payers: frozenset[str] = frozenset()


def code_encounter(
    encounter: EncounterToCode,
    policy: CodingPolicy | None = None,
    suggester: DiagnosisSuggester | None = None,
) -> CodingDecision:
    chosen = policy or CodingPolicy()
    index = suggester or billable_diagnosis_index()
    diagnosis_suggestions = index.suggest(encounter.note_text, 10) if encounter.note_text.strip() else []
    procedure_suggestions = suggest_procedures(encounter.note_text)
    suggestions = tuple(diagnosis_suggestions + procedure_suggestions)
    source: str = "provider"
    if not encounter.diagnoses and not encounter.lines:
        proposal = propose_assistant_codes(diagnosis_suggestions, procedure_suggestions, chosen.policy)
        if isinstance(proposal, Finding):
            return CodingDecision("review_required", (), (), (proposal,), (), suggestions)
        encounter = replace(encounter, diagnoses=proposal[0], lines=proposal[1])
        source = "assistant"

    action: MismatchAction = "review" if encounter.payer_id in chosen.telehealth_review_payers else "correct"
    rules = (
        telehealth_rules_for(encounter.payer_id, encounter.date_of_service, action)
        if encounter.payer_id
        else None
    )
    telehealth = apply_telehealth_rules(encounter, rules)
    findings = list(telehealth.findings) + validate_encounter(telehealth.encounter)
    decision = decide_provider_codes(
        telehealth.encounter, findings, diagnosis_suggestions, chosen.policy, telehealth.corrections
    )
    return replace(
        decision, suggestions=suggestions, source="assistant" if source == "assistant" else "provider"
    )
