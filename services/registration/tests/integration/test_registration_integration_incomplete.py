"""Coverage terminated before the date of service: a work item, RegistrationIncomplete; a fix registers it."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas.events import EncounterRegistered, RegistrationIncomplete
from registration_front_desk import DATE_OF_SERVICE, FrontDesk, headers, new_key

pytestmark = pytest.mark.stack


async def test_terminated_coverage_opens_a_work_item_and_a_correction_registers_it(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=12))
    intake = await desk.intake(payer_id="CCPPO", termination=DATE_OF_SERVICE - timedelta(days=30))
    topic = registration_settings.topic("rcm.registration.events")
    bootstrap = registration_settings.kafka_bootstrap

    response = await client.post("/encounters", json=intake, headers=headers(key=new_key()))

    assert response.status_code == 201, response.text
    created = response.json()
    encounter_id, work_item_id = created["encounter_id"], created["work_item_id"]
    assert created["status"] == "incomplete" and work_item_id
    events = await read_events(bootstrap, topic, at_least=1, timeout_s=10)
    assert [e.envelope.event_type for e in events] == ["RegistrationIncomplete"]
    incomplete = events[0].payload
    assert isinstance(incomplete, RegistrationIncomplete)
    assert incomplete.encounter_id == encounter_id and incomplete.work_item_id == work_item_id
    assert [p.code for p in incomplete.problems] == ["coverage_inactive"]
    assert incomplete.problems[0].message.startswith("coverage inactive")
    assert incomplete.eligibility is not None and not incomplete.eligibility.active
    work_items = (await client.get("/work-items", headers=headers())).json()
    assert [item["work_item_id"] for item in work_items] == [work_item_id]
    assert work_items[0]["problems"][0]["code"] == "coverage_inactive"

    # The front desk gets the patient's current card from the same payer and corrects the work item.
    fixed = desk.coverage_details("CCPPO").model_dump(mode="json", exclude_none=True)
    correction = await client.post(
        f"/work-items/{work_item_id}/corrections", json={"coverage": fixed}, headers=headers()
    )

    assert correction.status_code == 202, correction.text
    events = await read_events(bootstrap, topic, at_least=2, timeout_s=60)
    assert [e.envelope.event_type for e in events] == ["RegistrationIncomplete", "EncounterRegistered"]
    registered = events[1].payload
    assert isinstance(registered, EncounterRegistered) and registered.encounter_id == encounter_id
    assert registered.facts.eligibility.active
    assert str(events[1].envelope.causation_id) == correction.json()["command_id"]
    encounter = (await client.get(f"/encounters/{encounter_id}", headers=headers())).json()
    assert encounter["status"] == "registered" and encounter["problems"] == []
    assert (await client.get("/work-items", headers=headers())).json() == []
    again = await client.post(
        f"/work-items/{work_item_id}/corrections", json={"coverage": fixed}, headers=headers()
    )
    assert again.status_code == 409


async def test_a_correction_naming_a_new_stored_coverage_registers_and_a_still_ended_one_is_a_422(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=17))
    ended = DATE_OF_SERVICE - timedelta(days=5)
    intake = await desk.intake(payer_id="TSMA1", termination=ended)
    created = (await client.post("/encounters", json=intake, headers=headers(key=new_key()))).json()
    path = f"/work-items/{created['work_item_id']}/corrections"
    still_ended = desk.coverage_details("TSMA1", termination=ended).model_dump(mode="json", exclude_none=True)

    refused = await client.post(path, json={"coverage": still_ended}, headers=headers())
    unknown = await client.post(path, json={"coverage_id": "cov-nope"}, headers=headers())

    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["detail"]] == [["body", "coverage", "termination_date"]]
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "coverage_id"]
    new_coverage_id = await desk.coverage(intake["patient_id"], "TSMA1")
    accepted = await client.post(path, json={"coverage_id": new_coverage_id}, headers=headers())
    assert accepted.status_code == 202, accepted.text
    topic = registration_settings.topic("rcm.registration.events")
    events = await read_events(registration_settings.kafka_bootstrap, topic, at_least=2)
    assert [e.envelope.event_type for e in events] == ["RegistrationIncomplete", "EncounterRegistered"]
