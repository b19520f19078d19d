"""Auto-coding policy: when may codes go straight to claims, and when must a coder look?

Codes go through untouched by a human only when they validate and an independent reader (the assistant)
agrees with the provider's primary diagnosis; everything else is a coder's call. Thresholds are configurable
per clinic because the assistant's calibration differs by specialty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rcm_coding.domain.models import CodedLine, Correction, EncounterToCode, Finding, Suggestion, has_errors
from rcm_coding.domain.rule_catalog import RULES


@dataclass(frozen=True, slots=True)
class AutoCodingConfig:
    agreement_top_k: int = 5
    agreement_min_score: float = 0.3
    # Same ICD-10-CM category (E11.9 vs E11.65) counts as agreement: the assistant's leaf choice is weaker
    # than its category choice, and validation already proved the provider's leaf is billable.
    agree_on_category: bool = True
    # Coding with no provider selection at all needs a much more confident assistant.
    unassisted_min_score: float = 0.85
    unassisted_min_procedure_score: float = 0.8
    block_on_warnings: bool = False


@dataclass(frozen=True, slots=True)
class CodingDecision:
    status: Literal["coded", "review_required"]
    diagnoses: tuple[str, ...]
    lines: tuple[CodedLine, ...]
    findings: tuple[Finding, ...]
    corrections: tuple[Correction, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    source: Literal["provider", "assistant"] = "provider"


def _bare(code: str) -> str:
    return code.replace(".", "").upper()


def assistant_agrees(primary: str, suggestions: list[Suggestion], config: AutoCodingConfig) -> bool:
    confident = [s for s in suggestions[: config.agreement_top_k] if s.score >= config.agreement_min_score]
    wanted = _bare(primary)
    for suggestion in confident:
        proposed = _bare(suggestion.code)
        if proposed == wanted or (config.agree_on_category and proposed[:3] == wanted[:3]):
            return True
    return False


def decide_provider_codes(
    encounter: EncounterToCode,
    findings: list[Finding],
    diagnosis_suggestions: list[Suggestion],
    config: AutoCodingConfig,
    corrections: tuple[Correction, ...] = (),
) -> CodingDecision:
    """The provider selected codes: coded if they validate and the assistant agrees, else review."""
    blocking = list(findings)
    if not encounter.note_text.strip():
        blocking.append(RULES["COD-AUTO-NO-NOTE"].finding())
    elif encounter.diagnoses and not assistant_agrees(encounter.diagnoses[0], diagnosis_suggestions, config):
        proposed = ", ".join(s.code for s in diagnosis_suggestions[:3]) or "nothing"
        blocking.append(
            RULES["COD-AUTO-DISAGREE"].finding(
                diagnosis_position=1,
                code=encounter.diagnoses[0],
                top_k=config.agreement_top_k,
                threshold=config.agreement_min_score,
                proposed=proposed,
            )
        )
    warnings_block = config.block_on_warnings and any(f.severity == "warning" for f in blocking)
    status: Literal["coded", "review_required"] = (
        "review_required" if has_errors(blocking) or warnings_block else "coded"
    )
    return CodingDecision(
        status,
        encounter.diagnoses,
        encounter.lines,
        tuple(blocking),
        corrections,
        tuple(diagnosis_suggestions),
    )


def propose_assistant_codes(
    diagnosis_suggestions: list[Suggestion], procedure_suggestions: list[Suggestion], config: AutoCodingConfig
) -> tuple[tuple[str, ...], tuple[CodedLine, ...]] | Finding:
    """With nothing selected, the assistant's top diagnosis and visit become the codes if it is sure."""
    top_dx = diagnosis_suggestions[0] if diagnosis_suggestions else None
    top_px = procedure_suggestions[0] if procedure_suggestions else None
    if top_dx is None or top_dx.score < config.unassisted_min_score:
        score = f"{top_dx.score:.2f}" if top_dx else "none"
        return RULES["COD-AUTO-NO-CODES"].finding(
            why=f"top diagnosis score {score} < {config.unassisted_min_score}"
        )
    if top_px is None or top_px.score < config.unassisted_min_procedure_score:
        score = f"{top_px.score:.2f}" if top_px else "none"
        return RULES["COD-AUTO-NO-CODES"].finding(
            why=f"top procedure score {score} < {config.unassisted_min_procedure_score}"
        )
    return (top_dx.code.replace(".", ""),), (CodedLine(1, top_px.code, (), 1, (1,)),)
