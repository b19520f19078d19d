"""The coding document's transitions: coder commands that do not fit are recorded, repeats publish nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from rcm_coding.domain.auto_coding_policy import CodingDecision
from rcm_coding.domain.models import CodedLine, Finding
from rcm_coding.service.coding_document import (
    RegistrationRecord,
    State,
    record_approval,
    record_assignment,
    record_coding_decision,
    work_item_id_for,
)
from rcm_schemas.events.registration import EncounterRegistered
from rcm_schemas.samples import sample_events

AT = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
LINES = (CodedLine(1, "99213", (), 1, (1,)),)


def _review_state() -> State:
    sample = next(e for e in sample_events() if isinstance(e, EncounterRegistered))
    facts = sample.facts.model_copy(
        update={
            "place_of_service": "11",
            "telehealth": False,
            "telehealth_mode": None,
            "patient_location": None,
        }
    )
    record = RegistrationRecord(
        "enc-1",
        "pat-1",
        "clinic-1",
        "1245319599",
        facts.model_dump(mode="json"),
        "note",
        "fingerprint",
        "ICD-10-CM FY2026",
    )
    finding = Finding("COD-DX-BILLABLE", "error", "E11 is a category", "code deeper", 1, 1)
    decision = CodingDecision("review_required", ("E11",), LINES, (finding,))
    made = record_coding_decision(None, record, decision, "cause-1", AT)
    assert [type(e).__name__ for e in made.events] == ["CodingReviewRequired"]
    return made.state


def test_review_opens_a_deterministic_work_item() -> None:
    state = _review_state()
    assert state["work_item"]["work_item_id"] == work_item_id_for("enc-1", "cause-1")
    assert state["work_item"]["status"] == "open" and state["status"] == "review_required"


def test_a_second_coder_cannot_take_a_taken_item_and_the_refusal_is_recorded() -> None:
    state = _review_state()
    item_id = state["work_item"]["work_item_id"]
    taken = record_assignment(state, item_id, "coder.kim", AT)
    assert taken is not None and taken.events == ()
    assert record_assignment(taken.state, item_id, "coder.kim", AT) is None  # the same take again: no change
    refused = record_assignment(taken.state, item_id, "coder.lee", AT)
    assert refused is not None and refused.state["work_item"]["coder_id"] == "coder.kim"
    assert refused.state["rejected_commands"][0]["coder_id"] == "coder.lee"


def test_approval_with_invalid_codes_is_refused_and_a_repeat_approval_publishes_nothing() -> None:
    state = _review_state()
    item_id = state["work_item"]["work_item_id"]
    taken = record_assignment(state, item_id, "coder.kim", AT)
    assert taken is not None
    refused = record_approval(taken.state, item_id, "coder.kim", ("E11",), LINES, AT)
    assert refused is not None and refused.events == ()
    assert refused.state["rejected_commands"][0]["findings"][0]["rule_id"] == "COD-DX-BILLABLE"
    approved = record_approval(taken.state, item_id, "coder.kim", ("E119",), LINES, AT)
    assert approved is not None and [type(e).__name__ for e in approved.events] == ["EncounterCoded"]
    assert approved.state["coded_by"] == "coder" and approved.state["status"] == "coded"
    assert record_approval(approved.state, item_id, "coder.kim", ("E119",), LINES, AT) is None
