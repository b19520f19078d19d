"""Line validation: is each code real and billable on the date of service, and do the lines hang together?

Every check returns Findings from the rule catalog (never raises), so one pass reports everything wrong
with an encounter and a coder fixes it in one sitting.
"""

from __future__ import annotations

from rcm_codesets import (
    add_on_missing_primary,
    icd10cm_demographic_hint,
    icd10cm_description,
    icd10cm_exists,
    icd10cm_is_billable,
    modifier,
    procedure_code,
    search_icd10cm,
)

from rcm_coding.domain.models import CodedLine, EncounterToCode, Finding
from rcm_coding.domain.procedure_groups import is_em_office_visit, needs_modifier_25_with_em
from rcm_coding.domain.rule_catalog import RULES

MAX_DIAGNOSES = 12
MAX_POINTERS = 4
MAX_MODIFIERS = 4

# Deleted codes whose successor a coder will look for; only shown in the fix hint.
_REPLACEMENTS = {
    "99441": "98016 or 99212-99215 (audio-only)",
    "99442": "99212-99215",
    "99443": "99212-99215",
    "G2012": "98016",
}


def validate_encounter(encounter: EncounterToCode) -> list[Finding]:
    """All line-validation findings for an encounter, diagnoses first, then lines in order."""
    findings = diagnosis_findings(encounter)
    if not encounter.lines:
        findings.append(RULES["COD-LINE-MISSING"].finding())
    for line in encounter.lines:
        findings.extend(line_findings(line, encounter))
    findings.extend(modifier_25_findings(encounter))
    findings.extend(add_on_findings(encounter))
    return findings


def _lines_pointing_at(encounter: EncounterToCode, position: int) -> list[int]:
    return [line.line_number for line in encounter.lines if position in line.diagnosis_pointers]


def diagnosis_findings(encounter: EncounterToCode) -> list[Finding]:
    diagnoses = encounter.diagnoses
    if not diagnoses:
        return [RULES["COD-DX-MISSING"].finding()]
    findings: list[Finding] = []
    if len(diagnoses) > MAX_DIAGNOSES:
        findings.append(RULES["COD-DX-COUNT"].finding(count=len(diagnoses)))
    for position, code in enumerate(diagnoses, start=1):
        # A diagnosis problem is reported on every line that relies on it, so the coder sees which lines fail.
        lines: list[int | None] = [*_lines_pointing_at(encounter, position)] or [None]
        problem = _diagnosis_code_finding(code, position)
        if problem is not None:
            findings.extend(_on_lines(problem, lines))
            continue
        for warning in _demographic_findings(encounter, code, position):
            findings.extend(_on_lines(warning, lines))
        if lines == [None] and encounter.lines:
            findings.append(RULES["COD-DX-UNREFERENCED"].finding(diagnosis_position=position, code=code))
    return findings


def _on_lines(finding: Finding, lines: list[int | None]) -> list[Finding]:
    return [
        Finding(
            finding.rule_id,
            finding.severity,
            finding.message,
            finding.fix_hint,
            line,
            finding.diagnosis_position,
        )
        for line in lines
    ]


def _diagnosis_code_finding(code: str, position: int) -> Finding | None:
    if not icd10cm_exists(code):
        return RULES["COD-DX-EXISTS"].finding(diagnosis_position=position, code=code)
    if not icd10cm_is_billable(code):
        examples = ", ".join(found for found, _ in search_icd10cm(code, limit=3)) or "a child code"
        return RULES["COD-DX-BILLABLE"].finding(
            diagnosis_position=position,
            code=code,
            description=icd10cm_description(code),
            examples=examples,
        )
    return None


def _demographic_findings(encounter: EncounterToCode, code: str, position: int) -> list[Finding]:
    hint = icd10cm_demographic_hint(code)
    if hint is None:
        return []
    age = encounter.patient_age_years
    sex_conflict = (
        hint.sex is not None and encounter.patient_sex in ("F", "M") and encounter.patient_sex != hint.sex
    )
    too_young = hint.min_age_years is not None and age < hint.min_age_years
    too_old = hint.max_age_years is not None and age > hint.max_age_years
    if not (sex_conflict or too_young or too_old):
        return []
    return [
        RULES["COD-DX-DEMOGRAPHIC"].finding(
            diagnosis_position=position, code=code, sex=encounter.patient_sex, age=age, why=hint.why
        )
    ]


def line_findings(line: CodedLine, encounter: EncounterToCode) -> list[Finding]:
    findings = _procedure_findings(line, encounter)
    findings.extend(_pointer_findings(line, len(encounter.diagnoses)))
    if line.units < 1:
        findings.append(RULES["COD-UNITS-POSITIVE"].finding(line_number=line.line_number, units=line.units))
    findings.extend(_modifier_findings(line, encounter))
    return findings


def _procedure_findings(line: CodedLine, encounter: EncounterToCode) -> list[Finding]:
    dos = encounter.date_of_service
    found = procedure_code(line.procedure_code, dos)
    if found is None:
        return [RULES["COD-PX-EXISTS"].finding(line_number=line.line_number, code=line.procedure_code)]
    if found.billable_on_date:
        return []
    if found.termination_date is not None and dos > found.termination_date:
        why = f"terminated {found.termination_date.isoformat()}"
    else:
        why = f"not effective until {found.effective_from.isoformat() if found.effective_from else 'later'}"
    replacement = _REPLACEMENTS.get(found.code)
    return [
        RULES["COD-PX-BILLABLE-ON-DOS"].finding(
            line_number=line.line_number,
            code=found.code,
            dos=dos.isoformat(),
            why=why,
            replacement=f" (e.g. {replacement})" if replacement else "",
        )
    ]


def _pointer_findings(line: CodedLine, diagnosis_count: int) -> list[Finding]:
    pointers = line.diagnosis_pointers
    if not pointers:
        why = "no pointer"
    elif len(pointers) > MAX_POINTERS:
        why = f"{len(pointers)} pointers, at most {MAX_POINTERS}"
    elif len(set(pointers)) != len(pointers):
        why = "a diagnosis is pointed at twice"
    elif any(pointer < 1 or pointer > diagnosis_count for pointer in pointers):
        why = f"only {diagnosis_count} diagnoses are listed"
    else:
        return []
    return [
        RULES["COD-DX-POINTER"].finding(
            line_number=line.line_number, pointers=list(pointers), why=why, count=diagnosis_count
        )
    ]


def _modifier_findings(line: CodedLine, encounter: EncounterToCode) -> list[Finding]:
    findings: list[Finding] = []
    if len(line.modifiers) > MAX_MODIFIERS:
        findings.append(
            RULES["COD-MOD-COUNT"].finding(line_number=line.line_number, count=len(line.modifiers))
        )
    dos = encounter.date_of_service
    for code in line.modifiers:
        found = modifier(code)
        if found is not None and found.is_valid_on(dos):
            continue
        why = "unknown" if found is None else "not in force"
        findings.append(
            RULES["COD-MOD-VALID"].finding(line_number=line.line_number, modifier=code, why=why, dos=dos)
        )
    return findings


def modifier_25_findings(encounter: EncounterToCode) -> list[Finding]:
    """An E/M on the same day as a procedure is bundled into it unless modifier 25 says it stood apart."""
    procedures = [
        line.procedure_code for line in encounter.lines if needs_modifier_25_with_em(line.procedure_code)
    ]
    if not procedures:
        return []
    return [
        RULES["COD-EM-MOD25"].finding(
            line_number=line.line_number, code=line.procedure_code, procedures=", ".join(procedures)
        )
        for line in encounter.lines
        if is_em_office_visit(line.procedure_code) and "25" not in line.modifiers
    ]


def add_on_findings(encounter: EncounterToCode) -> list[Finding]:
    findings: list[Finding] = []
    for line in encounter.lines:
        others = [other.procedure_code for other in encounter.lines if other.line_number != line.line_number]
        if add_on_missing_primary(line.procedure_code, others, encounter.date_of_service):
            found = procedure_code(line.procedure_code, encounter.date_of_service)
            primaries = ", ".join(found.primary_codes) if found else "its primary"
            findings.append(
                RULES["COD-ADDON-PRIMARY"].finding(
                    line_number=line.line_number, code=line.procedure_code, primaries=primaries
                )
            )
    return findings
