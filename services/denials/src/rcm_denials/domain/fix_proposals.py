"""Work out the concrete fix for a denial the rules call auto-fixable, from what we know about the claim.

A proposal is made only when the fix is certain (a payer's telehealth modifier or place of service, a
diagnosis pointer past the end of the list, a modifier retired on the date of service, registration data
already corrected). Anything that needs judgement returns no fix and stays with a person.
"""

from __future__ import annotations

from pydantic import Field

from rcm_denials.domain.corrections import ClaimFix
from rcm_denials.domain.denial_facts import ClaimDecision, DeniedLine, FixKind, FrozenModel

EVALUATION_AND_MANAGEMENT_PREFIXES = ("9920", "9921")
SIGNIFICANT_SEPARATE_EM_MODIFIER = "25"


class ClaimLineFacts(FrozenModel):
    line_number: int = Field(ge=1, le=50)
    procedure_code: str
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = ()
    invalid_modifiers: tuple[str, ...] = ()
    """Modifiers not valid on the date of service (the service checks them against rcm_codesets)."""


class ClaimFactsForCorrection(FrozenModel):
    lines: tuple[ClaimLineFacts, ...]
    diagnosis_count: int = Field(ge=0, le=12)
    place_of_service: str | None = None
    telehealth: bool = False
    patient_at_home: bool = False
    payer_telehealth_pos: tuple[str, ...] = ()
    payer_video_modifier: str | None = None
    registration_revision: str | None = None
    """Set when registration data were corrected after the claim was built (the revision to apply)."""
    registration_coverage: str | None = None
    """The coverage the front desk corrected since the claim was built (the wire Coverage as JSON): sent to
    claims as it is, so claims rebills to the payer it names."""


def _is_em(code: str) -> bool:
    return code.startswith(EVALUATION_AND_MANAGEMENT_PREFIXES)


def _modifier_fixes(line: ClaimLineFacts, facts: ClaimFactsForCorrection) -> list[ClaimFix]:
    fixes = [
        ClaimFix.of(FixKind.REMOVE_MODIFIER, line.line_number, modifier=m) for m in line.invalid_modifiers
    ]
    video = facts.payer_video_modifier
    if facts.telehealth and video is not None and video not in line.modifiers:
        fixes.append(ClaimFix.of(FixKind.ADD_MODIFIER, line.line_number, modifier=video))
    other_procedures = [other for other in facts.lines if other.line_number != line.line_number]
    needs_25 = (
        _is_em(line.procedure_code)
        and SIGNIFICANT_SEPARATE_EM_MODIFIER not in line.modifiers
        and any(not _is_em(other.procedure_code) for other in other_procedures)
    )
    if needs_25:
        fixes.append(
            ClaimFix.of(FixKind.ADD_MODIFIER, line.line_number, modifier=SIGNIFICANT_SEPARATE_EM_MODIFIER)
        )
    return fixes


def _place_of_service_fix(facts: ClaimFactsForCorrection) -> list[ClaimFix]:
    allowed = facts.payer_telehealth_pos
    if not facts.telehealth or not allowed or facts.place_of_service in allowed:
        return []
    # POS 10 is the patient's home, 02 anywhere else; use the one the payer accepts, preferring the true one.
    wanted = "10" if facts.patient_at_home else "02"
    chosen = wanted if wanted in allowed else allowed[0]
    return [ClaimFix.of(FixKind.CHANGE_PLACE_OF_SERVICE, None, place_of_service=chosen)]


def _pointer_fix(line: ClaimLineFacts, facts: ClaimFactsForCorrection) -> list[ClaimFix]:
    valid = tuple(p for p in line.diagnosis_pointers if 1 <= p <= facts.diagnosis_count)
    if valid == line.diagnosis_pointers and valid:
        return []  # the pointers are valid: the diagnosis choice itself is a coder's call
    if facts.diagnosis_count == 0:
        return []
    pointers = valid or (1,)
    return [
        ClaimFix.of(
            FixKind.CHANGE_DIAGNOSIS_POINTERS, line.line_number, pointers=",".join(map(str, pointers))
        )
    ]


def _registration_fix(facts: ClaimFactsForCorrection) -> list[ClaimFix]:
    if facts.registration_coverage is not None:
        return [ClaimFix.of(FixKind.UPDATE_REGISTRATION_DATA, None, coverage=facts.registration_coverage)]
    if facts.registration_revision is not None:
        return [ClaimFix.of(FixKind.UPDATE_REGISTRATION_DATA, None, revision=facts.registration_revision)]
    return []


def _line_facts(denied: DeniedLine, facts: ClaimFactsForCorrection) -> ClaimLineFacts | None:
    return next((line for line in facts.lines if line.line_number == denied.line_number), None)


def propose_fixes(decision: ClaimDecision, facts: ClaimFactsForCorrection) -> tuple[ClaimFix, ...]:
    """Every fix for the claim, or none if some denied line has no certain fix (half a fix = a new denial)."""
    if not decision.fully_auto_fixable:
        return ()
    proposals: list[ClaimFix] = []
    for item in decision.lines:
        kinds = set(item.classification.auto_fix_kinds)
        line = _line_facts(item.line, facts)
        found: list[ClaimFix] = []
        if kinds & {FixKind.ADD_MODIFIER, FixKind.REMOVE_MODIFIER} and line is not None:
            found += _modifier_fixes(line, facts)
        if FixKind.CHANGE_PLACE_OF_SERVICE in kinds:
            found += _place_of_service_fix(facts)
        if FixKind.CHANGE_DIAGNOSIS_POINTERS in kinds and line is not None:
            found += _pointer_fix(line, facts)
        if FixKind.UPDATE_REGISTRATION_DATA in kinds:
            found += _registration_fix(facts)
        if not found:
            return ()
        proposals += [fix for fix in found if fix not in proposals]
    return tuple(proposals)
