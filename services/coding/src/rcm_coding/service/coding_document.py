"""The coding document of one encounter and its transitions: pure `decide` functions for store.handle.

One document per encounter (_id = encounter_id) holds the decision, the findings, the audit (automatic
corrections and coder changes) and the coder work item, so every change is one single-document write made
by the encounter's only writer. Transitions return None when nothing changes, so a repeated command
publishes nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from rcm_platform.ports import Decision, State
from rcm_schemas.events.registration import EncounterFacts

from rcm_coding.domain.auto_coding_policy import CodingDecision
from rcm_coding.domain.models import CodedLine, EncounterToCode
from rcm_coding.domain.work_item import WorkItemTransitionError, open_work_item, take
from rcm_coding.service.coder_queue import approve_work_item
from rcm_coding.service.document_layout import (
    correction_audit,
    finding_doc,
    line_doc,
    suggestion_doc,
    work_item_doc,
    work_item_from,
)
from rcm_coding.service.outgoing_events import encounter_coded, review_required
from rcm_coding.service.registration_translation import encounter_from_facts


@dataclass(frozen=True, slots=True)
class RegistrationRecord:
    """What the document keeps of a registration: ids, the facts (for EncounterCoded) and the note."""

    encounter_id: str
    patient_id: str
    clinic_id: str
    provider_id: str
    facts: dict[str, Any]
    note_text: str
    fingerprint: str
    code_set_release: str
    line_drugs: dict[str, Any] | None = None
    """Drug (NDC) per procedure code as registration sent it, so a coded line for that code carries it on."""
    line_providers: dict[str, Any] | None = None
    """A line's own clinicians (2420A/D/E/F) per procedure code, carried on the same way."""


def work_item_id_for(encounter_id: str, cause_event_id: str) -> str:
    """Deterministic, so a redelivered registration decides the same work item (decide must be pure)."""
    return f"cwi-{uuid5(NAMESPACE_URL, f'coding/{encounter_id}/{cause_event_id}')}"


def _final_place_of_service(registered_pos: str, decision: CodingDecision) -> str:
    corrected = [c.after for c in decision.corrections if c.field == "place_of_service"]
    return corrected[-1] if corrected else registered_pos


def record_coding_decision(
    state: State | None,
    registration: RegistrationRecord,
    decision: CodingDecision,
    cause_event_id: str,
    at: datetime,
) -> Decision:
    """A (re-)registered encounter was coded: coded -> EncounterCoded, else a work item + review event."""
    previous = state or {}
    new: State = {
        "encounter_id": registration.encounter_id,
        "patient_id": registration.patient_id,
        "clinic_id": registration.clinic_id,
        "provider_id": registration.provider_id,
        "facts": registration.facts,
        "note_text": registration.note_text,
        "registration_fingerprint": registration.fingerprint,
        "code_set_release": registration.code_set_release,
        "line_drugs": registration.line_drugs or {},
        "line_providers": registration.line_providers or {},
        "status": decision.status,
        "source": decision.source,
        "decided_at": at.isoformat(),
        "diagnoses": list(decision.diagnoses),
        "lines": [line_doc(line) for line in decision.lines],
        "place_of_service": _final_place_of_service(registration.facts["place_of_service"], decision),
        "findings": [finding_doc(f) for f in decision.findings],
        "suggestions": [suggestion_doc(s) for s in decision.suggestions],
        "audit": [*previous.get("audit", []), *(correction_audit(c, at) for c in decision.corrections)],
        "work_item": None,
        "coded_by": None,
        "coder_id": None,
        "rejected_commands": previous.get("rejected_commands", []),
    }
    if decision.status == "coded":
        new["coded_by"] = "auto"
        return Decision(new, [encounter_coded(new, "auto", None)])
    item = open_work_item(
        work_item_id_for(registration.encounter_id, cause_event_id),
        registration.encounter_id,
        decision.findings,
        decision.suggestions,
        decision.diagnoses,
        decision.lines,
    )
    new["work_item"] = work_item_doc(item)
    return Decision(
        new,
        [
            review_required(
                registration.encounter_id, item.work_item_id, decision.findings, decision.suggestions
            )
        ],
    )


def _rejected(
    state: State,
    command: str,
    work_item_id: str,
    coder_id: str,
    at: datetime,
    reason: str,
    findings: list[dict[str, Any]] | None = None,
) -> Decision:
    # A command that does not fit is recorded, not dead-lettered: it is a business answer, not a failure.
    rejection = {
        "command": command,
        "work_item_id": work_item_id,
        "coder_id": coder_id,
        "at": at.isoformat(),
        "reason": reason,
        "findings": findings or [],
    }
    return Decision({**state, "rejected_commands": [*state.get("rejected_commands", []), rejection]})


def record_assignment(state: State, work_item_id: str, coder_id: str, at: datetime) -> Decision | None:
    current = state.get("work_item")
    if current is None or current["work_item_id"] != work_item_id:
        return _rejected(state, "AssignCodingReview", work_item_id, coder_id, at, "no such open work item")
    item = work_item_from(current)
    try:
        taken = take(item, coder_id, at)
    except WorkItemTransitionError as error:
        return _rejected(state, "AssignCodingReview", work_item_id, coder_id, at, str(error))
    if taken == item:
        return None
    new_changes = taken.audit[len(item.audit) :]
    audit = [*state["audit"], *work_item_doc(replace(taken, audit=new_changes))["audit"]]
    return Decision({**state, "work_item": work_item_doc(taken), "audit": audit})


def encounter_for_review(
    state: State, diagnoses: tuple[str, ...], lines: tuple[CodedLine, ...]
) -> EncounterToCode:
    """The encounter as the coder's codes will be validated (final place of service, no note needed)."""
    facts = EncounterFacts.model_validate(state["facts"])
    facts = facts.model_copy(update={"place_of_service": state["place_of_service"]})
    return encounter_from_facts(state["encounter_id"], facts, diagnoses, lines)


def record_approval(
    state: State,
    work_item_id: str,
    coder_id: str,
    diagnoses: tuple[str, ...],
    lines: tuple[CodedLine, ...],
    at: datetime,
) -> Decision | None:
    current = state.get("work_item")
    if current is None or current["work_item_id"] != work_item_id:
        return _rejected(state, "CompleteCodingReview", work_item_id, coder_id, at, "no such work item")
    item = work_item_from(current)
    if item.status == "approved":
        return None  # approved once already: a second approval must not produce a second EncounterCoded
    try:
        outcome = approve_work_item(
            item, encounter_for_review(state, diagnoses, lines), coder_id, at, diagnoses, lines
        )
    except WorkItemTransitionError as error:
        return _rejected(state, "CompleteCodingReview", work_item_id, coder_id, at, str(error))
    if outcome.result is None:
        return _rejected(
            state,
            "CompleteCodingReview",
            work_item_id,
            coder_id,
            at,
            "the codes do not validate",
            [finding_doc(f) for f in outcome.findings],
        )
    approved = outcome.item
    new_changes = approved.audit[len(item.audit) :]
    new: State = {
        **state,
        "status": "coded",
        "coded_by": "coder",
        "coder_id": coder_id,
        "decided_at": at.isoformat(),
        "diagnoses": list(diagnoses),
        "lines": [line_doc(line) for line in lines],
        "work_item": work_item_doc(approved),
        "audit": [*state["audit"], *work_item_doc(replace(approved, audit=new_changes))["audit"]],
    }
    return Decision(new, [encounter_coded(new, "coder", coder_id)])
