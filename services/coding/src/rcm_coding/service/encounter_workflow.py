"""Use cases behind the subscribers: code a registered encounter, apply a coder's take and approval.

Each change of an encounter's coding goes through `documents.handle`: it hands the coding document to a pure
transition (coding_document.py) and writes the new state with its events once per cause. Coding a
registration then records the work item (if any) in the work item index, for the coder queue's lookups.
"""

from __future__ import annotations

import asyncio

from rcm_platform.errors import PermanentError
from rcm_platform.ports import Decision, State
from rcm_schemas import EventMessage
from rcm_schemas.events.coding import AssignCodingReview, CompleteCodingReview
from rcm_schemas.events.registration import EncounterRegistered

from rcm_coding.service.code_encounter import CodingPolicy, code_encounter
from rcm_coding.service.coding_document import (
    RegistrationRecord,
    record_approval,
    record_assignment,
    record_coding_decision,
)
from rcm_coding.service.outgoing_events import code_set_release
from rcm_coding.service.ports import CodingDocuments, DiagnosisIndexSource, WorkItemIndex
from rcm_coding.service.registration_translation import (
    coded_line,
    encounter_to_code,
    line_drugs,
    line_providers,
    registration_fingerprint,
)


class EncounterCodingWorkflow:
    def __init__(
        self,
        documents: CodingDocuments,
        work_item_index: WorkItemIndex,
        diagnosis_index: DiagnosisIndexSource,
        policy: CodingPolicy,
    ) -> None:
        self.documents = documents
        self.work_item_index = work_item_index
        self.diagnosis_index = diagnosis_index
        self.policy = policy

    async def code_registered(self, event: EncounterRegistered, message: EventMessage) -> None:
        """Code a (re-)registered encounter: EncounterCoded, or CodingReviewRequired and a work item."""
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
            line_drugs=line_drugs(event),
            line_providers=line_providers(event),
        )
        cause = message.envelope

        async def decide(state: State | None) -> Decision | None:
            if state is not None and state.get("registration_fingerprint") == record.fingerprint:
                return None  # the same registration re-sent: it was coded already
            index = await self.diagnosis_index.get()
            decision = await asyncio.to_thread(code_encounter, encounter, self.policy, index)
            return record_coding_decision(state, record, decision, str(cause.event_id), cause.occurred_at)

        await self.documents.handle(event.encounter_id, message, decide)
        await self._index_work_item(event.encounter_id, cause.tenant_id)

    async def assign(self, command: AssignCodingReview, message: EventMessage) -> None:
        """A coder takes the work item (recorded as a rejection when it is not theirs to take)."""
        at = message.envelope.occurred_at
        await self.documents.handle(
            command.encounter_id,
            message,
            lambda state: record_assignment(_existing(state), command.work_item_id, command.coder_id, at),
        )

    async def complete(self, command: CompleteCodingReview, message: EventMessage) -> None:
        """A coder approves with final codes: EncounterCoded once, or a recorded rejection."""
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
        """Written after the document (also when the registration was a duplicate), with a deterministic
        content, so a crash in between is repaired by the redelivery."""
        state = await self.documents.load(encounter_id)
        item = (state or {}).get("work_item")
        if item is None:
            return
        await self.work_item_index.record(
            item["work_item_id"], encounter_id=encounter_id, tenant_id=tenant_id
        )


def _existing(state: State | None) -> State:
    if state is None:
        # Commands only come from work items, which exist only on a coded document.
        raise PermanentError("coder command for an encounter coding has not seen")
    return state
