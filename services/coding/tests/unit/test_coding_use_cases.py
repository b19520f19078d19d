"""The coding workflows on in-memory ports: auto-coding, review, a coder's take and approval, redeliveries."""

from __future__ import annotations

import pytest
from coding_fakes import TENANT, CodingWorld, coding_world, message, office_visit
from rcm_platform import PermanentError
from rcm_schemas.events.claim_details import EncounterLine
from rcm_schemas.events.coding import (
    AssignCodingReview,
    CodingReviewRequired,
    CompleteCodingReview,
    EncounterCoded,
)
from rcm_schemas.events.common import SelectedLine

APPROVED_LINES = (SelectedLine(line_number=1, procedure_code="99214", diagnosis_pointers=(1, 2)),)


async def _sent_to_review(world: CodingWorld, encounter_id: str) -> str:
    visit = office_visit(encounter_id, diagnoses=("E11",))  # a category, not a billable code
    await world.workflow.code_registered(visit, message(visit, "registration"))
    (review,) = world.published(CodingReviewRequired)
    return str(review.work_item_id)


def _complete(encounter_id: str, work_item_id: str, coder_id: str = "coder.kim") -> CompleteCodingReview:
    return CompleteCodingReview(
        encounter_id=encounter_id,
        work_item_id=work_item_id,
        coder_id=coder_id,
        diagnoses=("I10", "E11.9"),
        lines=APPROVED_LINES,
    )


async def test_a_valid_encounter_the_assistant_agrees_with_is_coded_automatically() -> None:
    world = coding_world()
    visit = office_visit("enc-auto")
    await world.workflow.code_registered(visit, message(visit, "registration"))

    (coded,) = world.published(EncounterCoded)
    assert (coded.encounter_id, coded.coded_by, coded.coder_id) == ("enc-auto", "auto", None)
    assert coded.diagnoses == ("I10",) and [line.procedure_code for line in coded.lines] == ["99213"]
    assert coded.facts == visit.facts and coded.code_set_release
    assert world.published(CodingReviewRequired) == []
    state = await world.state("enc-auto")
    assert (state["status"], state["coded_by"], state["work_item"]) == ("coded", "auto", None)
    assert world.work_items.entries == {}


async def test_codes_that_do_not_validate_go_to_a_coder_with_a_work_item() -> None:
    world = coding_world()
    work_item_id = await _sent_to_review(world, "enc-review")

    (review,) = world.published(CodingReviewRequired)
    assert review.encounter_id == "enc-review"
    assert review.findings[0].rule_id == "COD-DX-BILLABLE"
    assert review.suggestions[0].code == "I10"
    assert world.published(EncounterCoded) == []
    state = await world.state("enc-review")
    assert state["status"] == "review_required"
    assert (state["work_item"]["work_item_id"], state["work_item"]["status"]) == (work_item_id, "open")
    assert world.work_items.entries == {work_item_id: ("enc-review", TENANT)}


async def test_a_coder_taking_and_approving_a_review_codes_the_encounter_once() -> None:
    world = coding_world()
    work_item_id = await _sent_to_review(world, "enc-queue")
    take = AssignCodingReview(encounter_id="enc-queue", work_item_id=work_item_id, coder_id="coder.kim")
    await world.workflow.assign(take, message(take, "coding"))
    approve = _complete("enc-queue", work_item_id)
    approval = message(approve, "coding")
    await world.workflow.complete(approve, approval)
    await world.workflow.complete(approve, approval)  # the same command redelivered
    resent = message(approve, "coding")  # the coder pressed approve twice: a second command
    await world.workflow.complete(approve, resent)

    (coded,) = world.published(EncounterCoded)
    assert (coded.coded_by, coded.coder_id) == ("coder", "coder.kim")
    assert coded.diagnoses == ("I10", "E119")
    assert coded.lines == tuple(EncounterLine(**line.model_dump()) for line in APPROVED_LINES)
    state = await world.state("enc-queue")
    assert (state["status"], state["work_item"]["status"]) == ("coded", "approved")
    changes = [(a["who"], a["field"], a["before"], a["after"]) for a in state["audit"]]
    assert changes == [
        ("coder.kim", "coder_id", "", "coder.kim"),
        ("coder.kim", "diagnoses", "E11", "I10 E119"),
        ("coder.kim", "line 1", "1:99213 x1 ptr 1", "1:99214 x1 ptr 1,2"),
        ("coder.kim", "status", "taken", "approved"),
    ]


async def test_an_approval_by_a_coder_who_did_not_take_the_item_is_recorded_not_applied() -> None:
    world = coding_world()
    work_item_id = await _sent_to_review(world, "enc-untaken")
    approve = _complete("enc-untaken", work_item_id, coder_id="coder.lee")
    await world.workflow.complete(approve, message(approve, "coding"))

    assert world.published(EncounterCoded) == []
    state = await world.state("enc-untaken")
    assert state["work_item"]["status"] == "open"
    (rejection,) = state["rejected_commands"]
    assert (rejection["command"], rejection["coder_id"]) == ("CompleteCodingReview", "coder.lee")


async def test_a_duplicate_registration_is_applied_once() -> None:
    world = coding_world()
    visit = office_visit("enc-dup", diagnoses=("E11",))
    registered = message(visit, "registration")
    await world.workflow.code_registered(visit, registered)
    await world.workflow.code_registered(visit, registered)  # redelivered by Kafka
    await world.workflow.code_registered(visit, message(visit, "registration"))  # re-sent, same payload

    assert len(world.published(CodingReviewRequired)) == 1
    assert len(world.work_items.entries) == 1
    assert len(world.publisher.sent) == 1


async def test_a_changed_registration_is_coded_again_with_a_new_work_item() -> None:
    world = coding_world()
    first = await _sent_to_review(world, "enc-changed")
    corrected = office_visit("enc-changed")
    await world.workflow.code_registered(corrected, message(corrected, "registration"))

    (coded,) = world.published(EncounterCoded)
    assert coded.diagnoses == ("I10",)
    state = await world.state("enc-changed")
    assert state["status"] == "coded" and state["work_item"] is None
    assert list(world.work_items.entries) == [first]


async def test_a_coder_command_for_an_encounter_never_coded_is_permanent() -> None:
    world = coding_world()
    take = AssignCodingReview(encounter_id="enc-nowhere", work_item_id="cwi-x", coder_id="coder.kim")
    with pytest.raises(PermanentError):
        await world.workflow.assign(take, message(take, "coding"))
    assert world.publisher.sent == []
