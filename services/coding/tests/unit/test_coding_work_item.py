from datetime import UTC, date, datetime

import pytest
from rcm_coding.domain.models import CodedLine, EncounterToCode
from rcm_coding.domain.work_item import WorkItemTransitionError, open_work_item, take
from rcm_coding.service.coder_queue import approve_work_item

AT = datetime(2025, 3, 11, 9, 30, tzinfo=UTC)
ENCOUNTER = EncounterToCode(
    encounter_id="enc-7",
    date_of_service=date(2025, 3, 10),
    place_of_service="11",
    patient_sex="F",
    patient_birth_date=date(1980, 1, 1),
    diagnoses=("E11",),
    lines=(CodedLine(1, "99213"),),
)


def _item():  # type: ignore[no-untyped-def]
    return open_work_item("wi-1", "enc-7", (), (), ENCOUNTER.diagnoses, ENCOUNTER.lines)


def test_open_take_approve_with_edits_yields_coded_result_and_audit() -> None:
    taken = take(_item(), "coder-ann", AT)
    assert taken.status == "taken" and taken.coder_id == "coder-ann"
    outcome = approve_work_item(
        taken, ENCOUNTER, "coder-ann", AT, ("E11.9",), (CodedLine(1, "99214", diagnosis_pointers=(1,)),)
    )
    assert outcome.result is not None and outcome.result.coded_by == "coder"
    assert outcome.result.diagnoses == ("E11.9",) and outcome.result.lines[0].procedure_code == "99214"
    audit = [(c.coder_id, c.field, c.before, c.after) for c in outcome.item.audit]
    assert audit == [
        ("coder-ann", "coder_id", "", "coder-ann"),
        ("coder-ann", "diagnoses", "E11", "E11.9"),
        ("coder-ann", "line 1", "1:99213 x1 ptr 1", "1:99214 x1 ptr 1"),
        ("coder-ann", "status", "taken", "approved"),
    ]
    assert all(change.at == AT for change in outcome.item.audit)


def test_approval_with_invalid_codes_is_refused_with_findings() -> None:
    taken = take(_item(), "coder-ann", AT)
    outcome = approve_work_item(taken, ENCOUNTER, "coder-ann", AT, ("E11",), ENCOUNTER.lines)
    assert outcome.result is None and outcome.item.status == "taken"
    assert [f.rule_id for f in outcome.findings] == ["COD-DX-BILLABLE"]


def test_transitions_are_idempotent_and_guarded() -> None:
    taken = take(_item(), "coder-ann", AT)
    assert take(taken, "coder-ann", AT) is taken
    with pytest.raises(WorkItemTransitionError):
        take(taken, "coder-bob", AT)
    with pytest.raises(WorkItemTransitionError):
        approve_work_item(taken, ENCOUNTER, "coder-bob", AT, ("E11.9",), ENCOUNTER.lines)
    first = approve_work_item(taken, ENCOUNTER, "coder-ann", AT, ("E11.9",), ENCOUNTER.lines)
    again = approve_work_item(first.item, ENCOUNTER, "coder-ann", AT, ("E11.9",), ENCOUNTER.lines)
    assert again.item == first.item and again.result == first.result
