"""Use cases behind the subscribers: code a registered encounter, apply a coder's take and approval.

Each one loads nothing itself: store.handle hands the encounter's coding document to a pure transition
(service/coding_document.py) and writes the new state with its events in one document write.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform import AggregateStore, Decision, PermanentError
from rcm_schemas import EventMessage
from rcm_schemas.events.coding import AssignCodingReview, CompleteCodingReview
from rcm_schemas.events.registration import EncounterRegistered

from rcm_coding.adapters.coding_events import code_set_release
from rcm_coding.adapters.diagnosis_index_loader import DiagnosisIndexLoader
from rcm_coding.adapters.registration_translator import (
    coded_line,
    encounter_to_code,
    registration_fingerprint,
)
from rcm_coding.service.code_encounter import CodingSettings as CodingPolicy
from rcm_coding.service.code_encounter import code_encounter
from rcm_coding.service.coding_document import (
    RegistrationRecord,
    State,
    record_approval,
    record_assignment,
    record_coding_decision,
)


class EncounterCodingWorkflow:
    def __init__(
        self,
        documents: AggregateStore,
        work_item_index: AsyncCollection[dict[str, Any]],
        index_loader: DiagnosisIndexLoader,
        policy: CodingPolicy,
    ) -> None:
        self.documents = documents
        self.work_item_index = work_item_index
        self.index_loader = index_loader
        self.policy = policy

    async def code_registered(self, message: EventMessage, event: EncounterRegistered) -> None:
        encounter = encounter_to_code(event)
        facts = event.facts
        record = RegistrationRecord(
            encounter_id=event.encounter_id,
            patient_id=event.patient_id,
            clinic_id=facts.clinic_id,
            provider_id=facts.rendering_provider.npi,
            facts=facts.model_dump(mode="json"),
            note_text=event.note_text,
            fingerprint=registration_fingerprint(event),
            code_set_release=code_set_release(),
        )
        cause = message.envelope

        async def decide(state: State | None) -> Decision | None:
            if state is not None and state.get("registration_fingerprint") == record.fingerprint:
                return None  # the same registration re-sent: it was coded already
            index = await self.index_loader.get()
            decision = await asyncio.to_thread(code_encounter, encounter, self.policy, index)
            return record_coding_decision(state, record, decision, str(cause.event_id), cause.occurred_at)

        await self.documents.handle(event.encounter_id, message, decide)
        await self._index_work_item(event.encounter_id, cause.tenant_id)

    async def assign(self, message: EventMessage, command: AssignCodingReview) -> None:
        at = message.envelope.occurred_at
        await self.documents.handle(
            command.encounter_id,
            message,
            lambda state: record_assignment(_existing(state), command.work_item_id, command.coder_id, at),
        )

    async def complete(self, message: EventMessage, command: CompleteCodingReview) -> None:
        at = message.envelope.occurred_at
        lines = tuple(coded_line(line) for line in command.lines)
        await self.documents.handle(
            command.encounter_id,
            message,
            lambda state: record_approval(
                _existing(state), command.work_item_id, command.coder_id, tuple(command.diagnoses), lines, at
            ),
        )

    async def _index_work_item(self, encounter_id: str, tenant_id: str) -> None:
        """work item id -> encounter, so the HTTP routes find an item by an indexed _id lookup.

        Written after the document (also when the registration was a duplicate), with a deterministic
        content, so a crash in between is repaired by the redelivery.
        """
        state = await self.documents.load(encounter_id)
        item = (state or {}).get("work_item")
        if item is None:
            return
        await self.work_item_index.replace_one(
            {"_id": item["work_item_id"]}, {"encounter_id": encounter_id, "tenant_id": tenant_id}, upsert=True
        )


def _existing(state: State | None) -> State:
    if state is None:
        # Commands only come from work items, which exist only on a coded document.
        raise PermanentError("coder command for an encounter coding has not seen")
    return state
