"""Acceptance of issue 5 on the real stack: EncounterRegistered in, EncounterCoded or a review out."""

from __future__ import annotations

from datetime import date

import pytest
from coding_harness import coding_events, of_encounter, running_coding, send
from coding_scenarios import TENANT, home_video_visit, office_visit, wire
from rcm_coding.settings import CodingSettings
from rcm_platform.testing.kafka_reading import read_events
from rcm_platform.testing.waiting import wait_for
from rcm_schemas import encode, new_message

pytestmark = pytest.mark.stack


async def test_a_valid_encounter_becomes_one_encounter_coded_with_lines_and_pointers(
    coding_settings: CodingSettings,
) -> None:
    registered = office_visit("enc-valid", diagnoses=("I10", "E78.5"), pointers=(1, 2))
    async with running_coding(coding_settings) as service:
        await send(service, coding_settings, wire(registered), "enc-valid")
        events = await coding_events(coding_settings, at_least=1)
    coded = of_encounter(events, "enc-valid", "EncounterCoded")
    assert len(events) == 1 and len(coded) == 1
    payload = coded[0].payload
    assert payload.diagnoses == ("I10", "E785")  # type: ignore[attr-defined]
    assert [(line.line_number, line.procedure_code, line.diagnosis_pointers) for line in payload.lines] == [
        (1, "99213", (1, 2))
    ]  # type: ignore[attr-defined]
    assert payload.coded_by == "auto" and payload.code_set_release  # type: ignore[attr-defined]
    assert payload.facts == registered.facts  # type: ignore[attr-defined]
    assert "note_text" not in payload.model_dump()  # the note stays in coding
    assert coded[0].envelope.causation_id is not None and coded[0].envelope.tenant_id == TENANT


async def test_a_category_code_goes_to_review_naming_the_line_and_the_rule(
    coding_settings: CodingSettings,
) -> None:
    async with running_coding(coding_settings) as service:
        await send(service, coding_settings, wire(office_visit("enc-e11", diagnoses=("E11",))), "enc-e11")
        events = await coding_events(coding_settings, at_least=1)
        state = await service.store("encounter_coding").load("enc-e11")
    review = of_encounter(events, "enc-e11", "CodingReviewRequired")
    assert len(events) == 1 and len(review) == 1
    findings = review[0].payload.findings  # type: ignore[attr-defined]
    billable = [f for f in findings if f.rule_id == "COD-DX-BILLABLE"]
    assert billable and billable[0].line_number == 1 and billable[0].severity == "error"
    assert "E11" in billable[0].message and billable[0].fix_hint
    assert review[0].payload.suggestions  # type: ignore[attr-defined]
    assert state is not None and state["work_item"]["status"] == "open"
    assert state["work_item"]["work_item_id"] == review[0].payload.work_item_id  # type: ignore[attr-defined]


async def test_a_code_terminated_before_the_date_of_service_is_refused_and_passes_before(
    coding_settings: CodingSettings,
) -> None:
    after = office_visit("enc-term-after", procedure="99441", date_of_service=date(2025, 1, 2))
    before = office_visit("enc-term-before", procedure="99441", date_of_service=date(2024, 12, 31))
    async with running_coding(coding_settings) as service:
        await send(service, coding_settings, wire(after), after.encounter_id)
        await send(service, coding_settings, wire(before), before.encounter_id)
        events = await coding_events(coding_settings, at_least=2)
    refused = of_encounter(events, "enc-term-after", "CodingReviewRequired")
    assert len(refused) == 1 and not of_encounter(events, "enc-term-after", "EncounterCoded")
    finding = refused[0].payload.findings[0]  # type: ignore[attr-defined]
    assert (finding.rule_id, finding.line_number) == ("COD-PX-BILLABLE-ON-DOS", 1)
    assert "terminated 2024-12-31" in finding.message
    passed = of_encounter(events, "enc-term-before", "EncounterCoded")
    assert len(passed) == 1 and passed[0].payload.lines[0].procedure_code == "99441"  # type: ignore[attr-defined]


async def test_a_home_telehealth_visit_billed_with_pos_02_is_corrected_to_10_with_an_audit_record(
    coding_settings: CodingSettings,
) -> None:
    async with running_coding(coding_settings) as service:
        await send(service, coding_settings, wire(home_video_visit("enc-th-fix")), "enc-th-fix")
        events = await coding_events(coding_settings, at_least=1)
        state = await service.store("encounter_coding").load("enc-th-fix")
    coded = of_encounter(events, "enc-th-fix", "EncounterCoded")
    assert len(coded) == 1 and coded[0].payload.facts.place_of_service == "10"  # type: ignore[attr-defined]
    assert state is not None and state["place_of_service"] == "10"
    audit = [(a["kind"], a["rule_id"], a["field"], a["before"], a["after"]) for a in state["audit"]]
    assert audit == [("auto_correction", "TH-POS", "place_of_service", "02", "10")]
    assert state["audit"][0]["who"] == "coding-rules" and state["audit"][0]["at"]


async def test_a_home_telehealth_visit_goes_to_review_when_the_payer_is_configured_for_review(
    coding_settings_for: object,
) -> None:
    settings: CodingSettings = coding_settings_for(telehealth_review_payers=frozenset({"MCR01"}))  # type: ignore[operator]
    async with running_coding(settings) as service:
        await send(service, settings, wire(home_video_visit("enc-th-review")), "enc-th-review")
        events = await coding_events(settings, at_least=1)
        state = await service.store("encounter_coding").load("enc-th-review")
    review = of_encounter(events, "enc-th-review", "CodingReviewRequired")
    assert len(events) == 1 and len(review) == 1
    assert [f.rule_id for f in review[0].payload.findings] == ["TH-POS"]  # type: ignore[attr-defined]
    assert state is not None and state["place_of_service"] == "02" and state["audit"] == []


async def test_the_same_registration_twice_yields_one_encounter_coded(
    coding_settings: CodingSettings,
) -> None:
    registered = office_visit("enc-dup")
    once = wire(registered)
    registration_topic = coding_settings.topic("rcm.registration.events")
    async with running_coding(coding_settings) as service:
        await send(service, coding_settings, once, "enc-dup")
        await send(service, coding_settings, once, "enc-dup")  # redelivered: the same event id
        resent = encode(new_message(registered, producer="registration", tenant_id=TENANT))
        await send(service, coding_settings, resent, "enc-dup")  # re-sent: a new event id, the same payload

        async def all_three_handled() -> bool:
            handled = service.metrics.consumed.labels(registration_topic, "EncounterRegistered", "handled")
            return bool(handled._value.get() >= 3)

        await wait_for(all_three_handled, 60.0, what="all three handled")
        events = await read_events(
            coding_settings.kafka_bootstrap,
            coding_settings.topic("rcm.coding.events"),
            at_least=2,
            timeout_s=3,
        )
    assert len(of_encounter(events, "enc-dup", "EncounterCoded")) == 1 and len(events) == 1
