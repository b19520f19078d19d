"""Every coding rule in one table: id, severity, message template and fix hint.

One table so the coder queue, the docs and the tests can list the rules without running them, and so a rule's
id never drifts from its wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm_schemas.vocabulary import Severity

from rcm_coding.domain.models import Finding


@dataclass(frozen=True, slots=True)
class CodingRule:
    rule_id: str
    severity: Severity
    message: str
    fix_hint: str

    def finding(
        self, *, line_number: int | None = None, diagnosis_position: int | None = None, **details: object
    ) -> Finding:
        return Finding(
            rule_id=self.rule_id,
            severity=self.severity,
            message=self.message.format(**details),
            fix_hint=self.fix_hint.format(**details),
            line_number=line_number,
            diagnosis_position=diagnosis_position,
        )


def _rule(rule_id: str, severity: Severity, message: str, fix_hint: str) -> CodingRule:
    return CodingRule(rule_id, severity, message, fix_hint)


RULES: dict[str, CodingRule] = {
    rule.rule_id: rule
    for rule in (
        _rule(
            "COD-DX-MISSING",
            "error",
            "No diagnosis on the encounter",
            "Add the diagnosis that supports the visit",
        ),
        _rule(
            "COD-DX-COUNT",
            "error",
            "{count} diagnoses listed; a professional claim carries at most 12",
            "Keep the 12 diagnoses most relevant to the billed lines",
        ),
        _rule(
            "COD-DX-EXISTS", "error", "Diagnosis {code} is not an ICD-10-CM code", "Check the code for a typo"
        ),
        _rule(
            "COD-DX-BILLABLE",
            "error",
            "Diagnosis {code} ({description}) is a category, not a billable code",
            "Code to the highest specificity, e.g. one of {examples}",
        ),
        _rule(
            "COD-DX-DEMOGRAPHIC",
            "warning",
            "Diagnosis {code} is unusual for a patient of sex {sex}, age {age}: {why}",
            "Confirm the diagnosis or the patient's sex and birth date",
        ),
        _rule(
            "COD-DX-UNREFERENCED",
            "warning",
            "Diagnosis {code} is listed but no line points at it",
            "Point a line at it or remove it",
        ),
        _rule("COD-LINE-MISSING", "error", "No service line on the encounter", "Add the procedure performed"),
        _rule(
            "COD-PX-EXISTS",
            "error",
            "Procedure code {code} is unknown (not CPT demo/licensed list nor HCPCS)",
            "Check the code; import the licensed CPT file if it is a CPT code",
        ),
        _rule(
            "COD-PX-BILLABLE-ON-DOS",
            "error",
            "Procedure code {code} is not valid on {dos}: {why}",
            "Use the code in force on the date of service{replacement}",
        ),
        _rule(
            "COD-DX-POINTER",
            "error",
            "Diagnosis pointers {pointers} are invalid: {why}",
            "Use 1 to 4 distinct pointers, each naming a listed diagnosis (1..{count})",
        ),
        _rule("COD-UNITS-POSITIVE", "error", "Units must be positive, got {units}", "Bill at least 1 unit"),
        _rule(
            "COD-MOD-VALID",
            "error",
            "Modifier {modifier} is {why} on {dos}",
            "Remove the modifier or use one valid on the date of service",
        ),
        _rule(
            "COD-MOD-COUNT",
            "error",
            "{count} modifiers on one line; the claim format carries at most 4",
            "Keep the four modifiers that affect payment first",
        ),
        _rule(
            "COD-EM-MOD25",
            "error",
            "E/M {code} is billed with procedure(s) {procedures} on the same day without modifier 25",
            "Append modifier 25 to the E/M if it was significant and separately identifiable, else drop it",
        ),
        _rule(
            "COD-ADDON-PRIMARY",
            "error",
            "Add-on code {code} is billed without its primary code (one of {primaries})",
            "Bill the primary procedure on the same encounter or remove the add-on",
        ),
        # Telehealth rules (domain/telehealth_rules.py)
        _rule(
            "TH-POS",
            "error",
            "Telehealth with the patient {location}: place of service should be {expected}, not {actual}",
            "Bill POS {expected} for this payer",
        ),
        _rule(
            "TH-POS-UNKNOWN-LOCATION",
            "error",
            "Telehealth visit billed with POS {actual} and no recorded patient location",
            "Record whether the patient was at home (POS 10) or elsewhere (POS 02)",
        ),
        _rule(
            "TH-POS-NOT-TELEHEALTH",
            "error",
            "POS {actual} is a telehealth place of service but the visit is not marked telehealth",
            "Mark the visit as telehealth or bill the in-person place of service",
        ),
        _rule(
            "TH-VIDEO-MODIFIER",
            "error",
            "Payer {payer} asks for modifier {expected} on video visits; line has {actual}",
            "Bill {code} with modifier {expected}",
        ),
        _rule(
            "TH-AUDIO-MODIFIER",
            "error",
            "Audio-only visit: payer {payer} asks for modifier {expected}; line has {actual}",
            "Bill {code} with modifier {expected}",
        ),
        _rule(
            "TH-AUDIO-NOT-COVERED",
            "error",
            "Payer {payer} does not cover audio-only visits",
            "Bill as a video visit only if video was used, otherwise bill the patient or write off",
        ),
        _rule(
            "TH-CODE-NOT-COVERED",
            "error",
            "Payer {payer} does not list {code} as a telehealth service",
            "Use the payer's covered telehealth code (e.g. 99212-99215 for Medicare instead of 98004-98007)",
        ),
        _rule(
            "TH-NO-PAYER-POLICY",
            "warning",
            "No telehealth policy on file for payer {payer}",
            "Check the payer's telehealth billing rules by hand",
        ),
        # Auto-coding policy (domain/auto_coding_policy.py)
        _rule(
            "COD-AUTO-DISAGREE",
            "error",
            "Provider's primary diagnosis {code} is not among the assistant's top {top_k} suggestions "
            "scoring at least {threshold} (assistant proposes {proposed})",
            "A coder confirms the primary diagnosis against the note",
        ),
        _rule(
            "COD-AUTO-NO-NOTE",
            "error",
            "No note text to confirm the selected codes against",
            "A coder reviews the encounter against the chart",
        ),
        _rule(
            "COD-AUTO-NO-CODES",
            "error",
            "No codes selected and the assistant is not confident enough to code alone ({why})",
            "A coder selects the diagnoses and procedures",
        ),
    )
}
