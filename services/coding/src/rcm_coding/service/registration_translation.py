"""Contract <-> domain: what the coding rules need from an EncounterRegistered (no names, no member ids).

In the service layer because the coding document keeps the registration facts in their contract shape
(EncounterCoded repeats them), so the transitions translate them back when a coder's codes are judged.
"""

from __future__ import annotations

import hashlib
from typing import Any

from rcm_schemas.events.claim_details import EncounterLine, LineDrug, ProviderReference
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


LINE_PROVIDER_FIELDS = (
    "rendering_provider",
    "supervising_provider",
    "ordering_provider",
    "referring_provider",
)


def selected_line(
    line: CodedLine, drugs: dict[str, Any] | None = None, providers: dict[str, Any] | None = None
) -> EncounterLine:
    """The wire line; `drugs` (procedure code -> LineDrug as JSON, from registration) gives a drug line its NDC
    and `providers` (procedure code -> the line's clinicians as JSON) its 2420 clinicians, even when a coder
    renumbered or re-entered the line."""
    drug = (drugs or {}).get(line.procedure_code)
    clinicians = (providers or {}).get(line.procedure_code, {})
    return EncounterLine(
        line_number=line.line_number,
        procedure_code=line.procedure_code,
        modifiers=line.modifiers,
        units=line.units,
        diagnosis_pointers=line.diagnosis_pointers,
        drug=None if drug is None else LineDrug.model_validate(drug),
        **{field: ProviderReference.model_validate(value) for field, value in clinicians.items()},
    )


def line_drugs(event: EncounterRegistered) -> dict[str, Any]:
    """The NDCs registration captured, by procedure code (a drug code appears once per visit in practice; if
    twice, the first line's NDC is kept)."""
    drugs: dict[str, Any] = {}
    for line in event.selected_lines:
        if line.drug is not None:
            drugs.setdefault(line.procedure_code, line.drug.model_dump(mode="json"))
    return drugs


def line_providers(event: EncounterRegistered) -> dict[str, Any]:
    """The clinicians registration named on a line (ordering, referring, ...), by procedure code, kept the way
    line_drugs keeps NDCs (a code named twice keeps its first line's clinicians)."""
    providers: dict[str, Any] = {}
    for line in event.selected_lines:
        named = {
            field: provider.model_dump(mode="json")
            for field in LINE_PROVIDER_FIELDS
            if (provider := getattr(line, field)) is not None
        }
        if named:
            providers.setdefault(line.procedure_code, named)
    return providers


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
