"""Contract <-> domain: what the coding rules need from an EncounterRegistered (no names, no member ids).

In the service layer because the coding document keeps the registration facts in their contract shape
(EncounterCoded repeats them), so the transitions translate them back when a coder's codes are judged.
"""

from __future__ import annotations

import hashlib

from rcm_schemas.events.common import SelectedLine
from rcm_schemas.events.registration import EncounterFacts, EncounterRegistered

from rcm_coding.domain.models import CodedLine, EncounterToCode


def coded_line(line: SelectedLine) -> CodedLine:
    return CodedLine(
        line.line_number,
        line.procedure_code,
        tuple(line.modifiers),
        line.units,
        tuple(line.diagnosis_pointers),
    )


def selected_line(line: CodedLine) -> SelectedLine:
    return SelectedLine(
        line_number=line.line_number,
        procedure_code=line.procedure_code,
        modifiers=line.modifiers,
        units=line.units,
        diagnosis_pointers=line.diagnosis_pointers,
    )


def encounter_from_facts(
    encounter_id: str,
    facts: EncounterFacts,
    diagnoses: tuple[str, ...],
    lines: tuple[CodedLine, ...],
    note_text: str = "",
) -> EncounterToCode:
    return EncounterToCode(
        encounter_id=encounter_id,
        date_of_service=facts.date_of_service,
        place_of_service=facts.place_of_service,
        patient_sex=facts.patient.sex,
        patient_birth_date=facts.patient.birth_date,
        diagnoses=diagnoses,
        lines=lines,
        payer_id=facts.coverage.payer_id,
        provider_id=facts.rendering_provider.npi,
        telehealth=facts.telehealth,
        telehealth_mode=facts.telehealth_mode,
        patient_location=facts.patient_location,
        note_text=note_text,
    )


def encounter_to_code(event: EncounterRegistered) -> EncounterToCode:
    return encounter_from_facts(
        event.encounter_id,
        event.facts,
        tuple(event.selected_diagnoses),
        tuple(coded_line(line) for line in event.selected_lines),
        event.note_text,
    )


def registration_fingerprint(event: EncounterRegistered) -> str:
    """Same payload, same fingerprint: a re-sent registration (new envelope, same facts) is not re-coded."""
    return hashlib.sha256(event.model_dump_json().encode()).hexdigest()
