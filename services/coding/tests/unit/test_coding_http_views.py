"""The HTTP edge of coding without a store: response models mirror the stored views, 422s point at fields."""

from __future__ import annotations

from typing import Any, get_args

from coding_fakes import coding_world, home_video_visit, message, office_visit
from pydantic import BaseModel
from rcm_coding.domain.line_rules import validate_encounter
from rcm_coding.domain.models import PatientLocation
from rcm_coding.domain.upcoding_signal import upcoding_report
from rcm_coding.entrypoints.http_models import ApproveRequest
from rcm_coding.entrypoints.http_problems import finding_problems
from rcm_coding.entrypoints.http_responses import (
    EncounterCodingView,
    UpcodingReportView,
    WorkItemDetail,
    WorkItemSummary,
)
from rcm_coding.entrypoints.http_views import coding_view, upcoding_view, work_item_view
from rcm_coding.service.coding_document import encounter_for_review
from rcm_coding.service.registration_translation import coded_line
from rcm_platform.http import unprocessable
from rcm_schemas.events.coding import AssignCodingReview, CompleteCodingReview
from rcm_schemas.events.common import PatientLocation as WirePatientLocation
from rcm_schemas.events.common import SelectedLine


def _unchanged_by(model: type[BaseModel], view: dict[str, Any]) -> bool:
    return model.model_validate(view).model_dump(mode="json") == view


async def test_the_coding_views_pass_through_their_response_models_unchanged() -> None:
    world = coding_world()
    telehealth = home_video_visit("enc-th")
    await world.workflow.code_registered(telehealth, message(telehealth))
    visit = office_visit("enc-q", diagnoses=("E11",))
    await world.workflow.code_registered(visit, message(visit))
    work_item_id = (await world.state("enc-q"))["work_item"]["work_item_id"]
    take = AssignCodingReview(encounter_id="enc-q", work_item_id=work_item_id, coder_id="coder.kim")
    await world.workflow.assign(take, message(take))
    stranger = AssignCodingReview(encounter_id="enc-q", work_item_id=work_item_id, coder_id="coder.lee")
    await world.workflow.assign(stranger, message(stranger))  # recorded as a rejected command
    lines = (SelectedLine(line_number=1, procedure_code="99214", diagnosis_pointers=(1,)),)
    approve = CompleteCodingReview(
        encounter_id="enc-q", work_item_id=work_item_id, coder_id="coder.kim", diagnoses=("I10",), lines=lines
    )
    await world.workflow.complete(approve, message(approve))

    corrected, approved = await world.state("enc-th"), await world.state("enc-q")
    assert corrected["audit"] and {entry["kind"] for entry in corrected["audit"]} == {"auto_correction"}
    assert approved["rejected_commands"] and approved["work_item"]["audit"]
    for state in (corrected, approved):
        assert _unchanged_by(EncounterCodingView, coding_view(state))
    assert _unchanged_by(WorkItemSummary, work_item_view(approved))
    assert _unchanged_by(WorkItemDetail, work_item_view(approved, with_note=True))


def test_the_upcoding_report_passes_through_its_response_model_unchanged() -> None:
    visits = [("1245319599", "99215")] * 25 + [("1003000126", "99213")] * 25
    view = upcoding_view(upcoding_report("clinic-1", visits))
    assert view["flagged"] == ["1245319599"]
    # level counts are keyed by level number; JSON carries the keys as text, as before.
    dumped = UpcodingReportView.model_validate(view).model_dump(mode="json")
    assert dumped["clinic_level_counts"] == {str(k): v for k, v in view["clinic_level_counts"].items()}
    assert dumped["providers"][0]["reasons"] == view["providers"][0]["reasons"]


async def test_codes_a_coder_may_not_approve_are_a_422_at_the_diagnosis_they_name() -> None:
    world = coding_world()
    visit = office_visit("enc-422", diagnoses=("E11",))
    await world.workflow.code_registered(visit, message(visit))
    state = await world.state("enc-422")
    body = ApproveRequest(
        diagnoses=("I10", "E11"),
        lines=(SelectedLine(line_number=7, procedure_code="99213", diagnosis_pointers=(1, 2)),),
    )
    lines = tuple(coded_line(line) for line in body.lines)
    findings = validate_encounter(encounter_for_review(state, tuple(body.diagnoses), lines))

    errors = unprocessable(finding_problems(findings, body)).errors()
    billable = [e for e in errors if e["msg"].startswith("COD-DX-BILLABLE")]
    assert billable and billable[0]["loc"] == ["body", "diagnoses", 1]
    assert {e["type"] for e in errors} == {"coding_rule"}
    assert all(e["input"] is None for e in errors)  # the codes are not echoed back


def test_the_domain_patient_location_is_the_contract_s() -> None:
    assert get_args(PatientLocation) == get_args(WirePatientLocation)
