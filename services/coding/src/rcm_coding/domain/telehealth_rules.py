"""Telehealth billing rules from the payer directory: place of service, video and audio-only modifiers.

Each rule either corrects the encounter (returning an audit Correction: rule, field, before, after) or
raises a finding for review, as the payer's rule says (`mismatch_action`). Coverage problems are never
auto-corrected: changing the billed service is a coding decision, not a formatting one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from rcm_codesets import TELEHEALTH_MODIFIERS, TELEHEALTH_POS, payer

from rcm_coding.domain.models import CodedLine, Correction, EncounterToCode, Finding
from rcm_coding.domain.rule_catalog import RULES

MismatchAction = Literal["correct", "review"]


@dataclass(frozen=True, slots=True)
class PayerTelehealthRules:
    """The coding service's reading of one payer's telehealth policy on a date of service."""

    payer_id: str
    video_modifier: str | None
    audio_only_allowed: bool
    audio_only_modifiers: tuple[str, ...]
    covered_codes: frozenset[str]
    pos_10_accepted_from: date | None
    # The payer directory does not say yet whether a payer accepts silent fixes; the clinic configures it.
    mismatch_action: MismatchAction = "correct"


@dataclass(frozen=True, slots=True)
class TelehealthOutcome:
    encounter: EncounterToCode
    corrections: tuple[Correction, ...]
    findings: tuple[Finding, ...]


def telehealth_rules_for(
    payer_id: str, on: date, mismatch_action: MismatchAction = "correct"
) -> PayerTelehealthRules | None:
    found = payer(payer_id, on)
    if found is None or found.telehealth is None:
        return None
    policy = found.telehealth
    return PayerTelehealthRules(
        payer_id=found.payer_id,
        video_modifier=policy.video_modifier,
        audio_only_allowed=policy.audio_only_allowed,
        audio_only_modifiers=tuple(policy.audio_only_modifiers),
        covered_codes=frozenset(policy.covered_codes),
        pos_10_accepted_from=policy.pos_10_accepted_from,
        mismatch_action=mismatch_action,
    )


def expected_telehealth_pos(encounter: EncounterToCode, rules: PayerTelehealthRules) -> str | None:
    if encounter.patient_location is None:
        return None
    if encounter.patient_location == "other":
        return "02"
    # POS 10 exists since 2022; a payer that adopted it later still wants 02 for earlier dates.
    accepted_from = rules.pos_10_accepted_from or date(2022, 1, 1)
    return "10" if encounter.date_of_service >= accepted_from else "02"


class _Collector:
    """Accumulates the corrected encounter, the audit trail and the review findings of one pass."""

    def __init__(self, encounter: EncounterToCode, action: MismatchAction) -> None:
        self.encounter = encounter
        self.action = action
        self.corrections: list[Correction] = []
        self.findings: list[Finding] = []

    def mismatch(self, finding: Finding, correction: Correction, corrected: EncounterToCode) -> None:
        if self.action == "correct":
            self.corrections.append(correction)
            self.encounter = corrected
        else:
            self.findings.append(finding)

    def outcome(self) -> TelehealthOutcome:
        return TelehealthOutcome(self.encounter, tuple(self.corrections), tuple(self.findings))


def apply_telehealth_rules(
    encounter: EncounterToCode, rules: PayerTelehealthRules | None
) -> TelehealthOutcome:
    if not encounter.telehealth:
        if encounter.place_of_service in TELEHEALTH_POS:
            finding = RULES["TH-POS-NOT-TELEHEALTH"].finding(actual=encounter.place_of_service)
            return TelehealthOutcome(encounter, (), (finding,))
        return TelehealthOutcome(encounter, (), ())
    if rules is None:
        finding = RULES["TH-NO-PAYER-POLICY"].finding(payer=encounter.payer_id or "(none)")
        return TelehealthOutcome(encounter, (), (finding,))
    collector = _Collector(encounter, rules.mismatch_action)
    _check_place_of_service(collector, rules)
    _check_coverage(collector, rules)
    if encounter.telehealth_mode == "audio_only":
        _check_modifiers(collector, rules, wanted=_audio_modifier(rules), rule_id="TH-AUDIO-MODIFIER")
    else:
        _check_modifiers(collector, rules, wanted=rules.video_modifier, rule_id="TH-VIDEO-MODIFIER")
    return collector.outcome()


def _check_place_of_service(collector: _Collector, rules: PayerTelehealthRules) -> None:
    encounter = collector.encounter
    expected = expected_telehealth_pos(encounter, rules)
    actual = encounter.place_of_service
    if expected is None:
        if actual not in TELEHEALTH_POS:
            collector.findings.append(RULES["TH-POS-UNKNOWN-LOCATION"].finding(actual=actual))
        return
    if actual == expected:
        return
    location = "at home" if encounter.patient_location == "home" else "away from home"
    finding = RULES["TH-POS"].finding(location=location, expected=expected, actual=actual)
    correction = Correction("TH-POS", "place_of_service", actual, expected)
    collector.mismatch(finding, correction, replace(encounter, place_of_service=expected))


def _check_coverage(collector: _Collector, rules: PayerTelehealthRules) -> None:
    encounter = collector.encounter
    if encounter.telehealth_mode == "audio_only" and not rules.audio_only_allowed:
        collector.findings.append(RULES["TH-AUDIO-NOT-COVERED"].finding(payer=rules.payer_id))
    for line in encounter.lines:
        if line.procedure_code not in rules.covered_codes:
            collector.findings.append(
                RULES["TH-CODE-NOT-COVERED"].finding(
                    line_number=line.line_number, payer=rules.payer_id, code=line.procedure_code
                )
            )


def _audio_modifier(rules: PayerTelehealthRules) -> str | None:
    return rules.audio_only_modifiers[0] if rules.audio_only_modifiers else None


def _check_modifiers(
    collector: _Collector, rules: PayerTelehealthRules, *, wanted: str | None, rule_id: str
) -> None:
    """Covered lines carry the payer's telehealth modifier; other telehealth modifiers are swapped out.

    With no modifier wanted (Medicare identifies telehealth by POS), stray telehealth modifiers are left
    alone: Medicare still accepts 95, so removing it would be a change nobody asked for.
    """
    if wanted is None:
        return
    acceptable = set(rules.audio_only_modifiers) if rule_id == "TH-AUDIO-MODIFIER" else {wanted}
    for line in collector.encounter.lines:
        if line.procedure_code not in rules.covered_codes or acceptable & set(line.modifiers):
            continue
        kept = tuple(code for code in line.modifiers if code not in TELEHEALTH_MODIFIERS)
        after = (*kept, wanted)
        finding = RULES[rule_id].finding(
            line_number=line.line_number,
            payer=rules.payer_id,
            expected=wanted,
            actual=" ".join(line.modifiers) or "no modifier",
            code=line.procedure_code,
        )
        correction = Correction(
            rule_id, "modifiers", " ".join(line.modifiers), " ".join(after), line.line_number
        )
        collector.mismatch(
            finding, correction, _with_line(collector.encounter, replace(line, modifiers=after))
        )


def _with_line(encounter: EncounterToCode, changed: CodedLine) -> EncounterToCode:
    lines = tuple(changed if line.line_number == changed.line_number else line for line in encounter.lines)
    return replace(encounter, lines=lines)
