"""Events published by coding (topic rcm.coding.events, key encounter_id) and the coder-queue commands."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from rcm_schemas.codes import EntityId, Icd10Code, ProcedureCode
from rcm_schemas.envelope import Event
from rcm_schemas.events.claim_details import EncounterLine
from rcm_schemas.events.common import Diagnoses, Finding, SelectedLine, Value
from rcm_schemas.events.registration import EncounterFacts, EncounterFactsV1, facts_v1_to_v2
from rcm_schemas.registry import register, register_upcaster


class _CodedShare(Event):
    """Fields of every EncounterCoded version besides the facts and lines."""

    EVENT_TYPE: ClassVar[str] = "EncounterCoded"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    patient_id: EntityId
    diagnoses: Diagnoses
    coded_by: Literal["auto", "coder"]
    coder_id: str | None = Field(default=None, max_length=100)
    code_set_release: str | None = Field(default=None, max_length=50)
    """Which ICD-10-CM/HCPCS releases judged the codes, for audit."""


@register
class EncounterCodedV1(_CodedShare):
    """v1 of EncounterCoded, before the 837P detail fields. Upcast unchanged (facts_v1_to_v2)."""

    facts: EncounterFactsV1
    lines: tuple[SelectedLine, ...] = Field(min_length=1, max_length=50)


@register
class EncounterCoded(_CodedShare):
    """Final, validated codes for an encounter: claims builds, scrubs and submits a claim from this event
    alone.

    Carries the registration facts forward (demographics are PHI, needed for the 837P) but not the note.
    v2: the facts carry the 837P detail fields (see EncounterFacts) and a line may carry its drug's NDC.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    facts: EncounterFacts
    lines: tuple[EncounterLine, ...] = Field(min_length=1, max_length=50)


register_upcaster("EncounterCoded", 1, facts_v1_to_v2)


class CodeSuggestion(Value):
    """What the coding assistant proposed, so the coder queue can show it without recomputing."""

    code: Icd10Code | ProcedureCode
    kind: Literal["diagnosis", "procedure"]
    score: float = Field(ge=0, le=1)
    matched_words: tuple[str, ...] = ()


@register
class CodingReviewRequired(Event):
    """Codes failed validation or disagree with the assistant: a coder work item was created."""

    EVENT_TYPE: ClassVar[str] = "CodingReviewRequired"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    work_item_id: EntityId
    findings: tuple[Finding, ...] = ()
    suggestions: tuple[CodeSuggestion, ...] = ()


@register
class AssignCodingReview(Event):
    """Command from the coder queue: a coder takes the work item."""

    EVENT_TYPE: ClassVar[str] = "AssignCodingReview"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    work_item_id: EntityId
    coder_id: str = Field(min_length=1, max_length=100)


@register
class CompleteCodingReview(Event):
    """Command from the coder queue: approve the encounter with the coder's final codes (coding audits it)."""

    EVENT_TYPE: ClassVar[str] = "CompleteCodingReview"
    PARTITION_KEY: ClassVar[str] = "encounter_id"

    encounter_id: EntityId
    work_item_id: EntityId
    coder_id: str = Field(min_length=1, max_length=100)
    diagnoses: Diagnoses
    lines: tuple[SelectedLine, ...] = Field(min_length=1, max_length=50)
