"""The coding domain's own value objects.

Kept independent of the event contracts on purpose: the wire shapes evolve with other services, while these
follow the coding rules; service/registration_translation.py maps one onto the other. Only the shared words
(sex, severity, telehealth mode) come from rcm_schemas.vocabulary, so they are defined once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from rcm_schemas.vocabulary import Severity, Sex, TelehealthMode

PatientLocation = Literal["home", "other"]
"""Where a telehealth patient was; the same words as the registration contract (a unit test checks it)."""


@dataclass(frozen=True, slots=True)
class CodedLine:
    """One service line as selected by the provider or a coder."""

    line_number: int
    procedure_code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    # 1-based positions in the encounter's diagnosis list, as on the 837P (SV107).
    diagnosis_pointers: tuple[int, ...] = (1,)


@dataclass(frozen=True, slots=True)
class EncounterToCode:
    """Everything the coding rules look at for one encounter; no names, addresses or member ids."""

    encounter_id: str
    date_of_service: date
    place_of_service: str
    patient_sex: Sex
    patient_birth_date: date
    diagnoses: tuple[str, ...] = ()
    lines: tuple[CodedLine, ...] = ()
    payer_id: str | None = None
    provider_id: str | None = None
    telehealth: bool = False
    telehealth_mode: TelehealthMode | None = None
    patient_location: PatientLocation | None = None
    note_text: str = ""

    @property
    def patient_age_years(self) -> int:
        """Age on the date of service: the age edits are judged on that day, not today."""
        born, seen = self.patient_birth_date, self.date_of_service
        had_birthday = (seen.month, seen.day) >= (born.month, born.day)
        return seen.year - born.year - (0 if had_birthday else 1)


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that did not pass; line_number / diagnosis_position say where a coder should look."""

    rule_id: str
    severity: Severity
    message: str
    fix_hint: str
    line_number: int | None = None
    diagnosis_position: int | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """Audit record of an automatic change: which rule changed which field from what to what."""

    rule_id: str
    field: str
    before: str
    after: str
    line_number: int | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked proposal of the coding assistant."""

    code: str
    kind: Literal["diagnosis", "procedure"]
    score: float
    description: str
    matched_words: tuple[str, ...] = field(default=())


def has_errors(findings: tuple[Finding, ...] | list[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)
