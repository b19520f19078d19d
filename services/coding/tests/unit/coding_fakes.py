"""In-memory implementations of the coding service's ports, and the encounters the use-case tests send.

The coding documents live in the kit's InMemoryAggregateStore (the same contract as the Mongo store); the
diagnosis index is built over a handful of codes, so no test pays the 3 s build of the full index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rcm_coding.assist.diagnosis_index import DiagnosisIndex
from rcm_coding.service.code_encounter import CodingPolicy
from rcm_coding.service.encounter_workflow import EncounterCodingWorkflow
from rcm_platform.testing.memory import InMemoryAggregateStore, RecordingPublisher
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas.events.claim_details import EncounterLine
from rcm_schemas.events.registration import EncounterRegistered
from rcm_schemas.samples import sample_events

TENANT = "clinic-sunrise"
HYPERTENSION_NOTE = (
    "CC: follow up blood pressure.\nHPI: 58 year old male, home readings 150s/90s.\n"
    "Assessment: essential hypertension, not at goal.\n"
    "Plan: increase lisinopril. Established patient visit. Total time 25 minutes."
)
# Billable codes with their release descriptions: enough for the notes these tests send, plus neighbours.
SMALL_CODE_SET = (
    ("I10", "Essential (primary) hypertension"),
    ("R030", "Elevated blood-pressure reading, without diagnosis of hypertension"),
    ("R031", "Nonspecific low blood-pressure reading"),
    ("E119", "Type 2 diabetes mellitus without complications"),
    ("E1165", "Type 2 diabetes mellitus with hyperglycemia"),
    ("N390", "Urinary tract infection, site not specified"),
    ("N3941", "Urge incontinence"),
    ("J449", "Chronic obstructive pulmonary disease, unspecified"),
    ("K219", "Gastro-esophageal reflux disease without esophagitis"),
)


class SmallDiagnosisIndex:
    """service.ports.DiagnosisIndexSource over SMALL_CODE_SET."""

    def __init__(self) -> None:
        self.index = DiagnosisIndex(SMALL_CODE_SET)

    async def get(self) -> DiagnosisIndex:
        return self.index


@dataclass
class InMemoryWorkItemIndex:
    """service.ports.WorkItemIndex over a dict: work item id -> (encounter id, tenant)."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    writes: int = 0

    async def record(self, work_item_id: str, *, encounter_id: str, tenant_id: str) -> None:
        self.writes += 1
        self.entries[work_item_id] = (encounter_id, tenant_id)


@dataclass
class CodingWorld:
    """The coding use cases on in-memory ports; `send` hands a message to the matching use case."""

    publisher: RecordingPublisher
    documents: InMemoryAggregateStore
    work_items: InMemoryWorkItemIndex
    workflow: EncounterCodingWorkflow

    def published(self, event_class: type[Any]) -> list[Any]:
        return self.publisher.events(event_class)

    async def state(self, encounter_id: str) -> dict[str, Any]:
        state = await self.documents.load(encounter_id)
        if state is None:
            raise AssertionError(f"no coding document for {encounter_id}")
        return state


def coding_world(policy: CodingPolicy | None = None) -> CodingWorld:
    publisher = RecordingPublisher()
    documents = InMemoryAggregateStore(publisher, producer="coding")
    work_items = InMemoryWorkItemIndex()
    workflow = EncounterCodingWorkflow(documents, work_items, SmallDiagnosisIndex(), policy or CodingPolicy())
    return CodingWorld(publisher, documents, work_items, workflow)


def message(event: Event, producer: str = "test") -> EventMessage:
    return new_message(event, producer=producer, tenant_id=TENANT)


def office_visit(
    encounter_id: str,
    *,
    diagnoses: tuple[str, ...] = ("I10",),
    procedure: str = "99213",
    note_text: str = HYPERTENSION_NOTE,
    payer_id: str = "CCPPO",
    **fact_changes: Any,
) -> EncounterRegistered:
    """An in-person (POS 11) established-patient visit for hypertension, unless changed."""
    sample = next(e for e in sample_events() if isinstance(e, EncounterRegistered))
    facts = sample.facts.model_copy(
        update={
            "coverage": sample.facts.coverage.model_copy(update={"payer_id": payer_id}),
            "date_of_service": date(2025, 3, 10),
            "place_of_service": "11",
            "telehealth": False,
            "telehealth_mode": None,
            "patient_location": None,
            **fact_changes,
        }
    )
    return sample.model_copy(
        update={
            "encounter_id": encounter_id,
            "facts": facts,
            "selected_diagnoses": diagnoses,
            "selected_lines": (
                EncounterLine(line_number=1, procedure_code=procedure, diagnosis_pointers=(1,)),
            ),
            "note_text": note_text,
        }
    )


def home_video_visit(encounter_id: str) -> EncounterRegistered:
    """A Medicare video visit with the patient at home billed with POS 02: the rules correct it to 10."""
    return office_visit(
        encounter_id,
        payer_id="MCR01",
        place_of_service="02",
        telehealth=True,
        telehealth_mode="audio_video",
        patient_location="home",
    )
