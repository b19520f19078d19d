"""A valid encounter on the real stack: one EncounterRegistered carrying the eligibility result."""

from __future__ import annotations

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas.events import EncounterRegistered
from registration_front_desk import TENANT, FrontDesk, headers, new_key

pytestmark = pytest.mark.stack


async def test_valid_encounter_publishes_exactly_one_encounter_registered_with_eligibility(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=11))
    intake = await desk.intake(payer_id="NWHP1")

    response = await client.post("/encounters", json=intake, headers=headers(key=new_key()))

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "registered" and created["work_item_id"] is None
    assert created["eligibility"]["status"] == "active"
    topic = registration_settings.topic("rcm.registration.events")
    events = await read_events(registration_settings.kafka_bootstrap, topic, at_least=1)
    assert [e.envelope.event_type for e in events] == ["EncounterRegistered"]
    event = events[0]
    registered = event.payload
    assert isinstance(registered, EncounterRegistered)
    assert registered.encounter_id == created["encounter_id"] and event.envelope.tenant_id == TENANT
    eligibility = registered.facts.eligibility
    assert eligibility.active and eligibility.checked_on is not None
    assert eligibility.plan_name == created["eligibility"]["plan_name"]
    assert eligibility.copay is not None and str(eligibility.copay) == created["eligibility"]["copay"]
    assert registered.facts.coverage.payer_id == "NWHP1"
    assert (
        registered.selected_diagnoses == ("E119",) and registered.selected_lines[0].procedure_code == "99213"
    )
    stored = await client.get(f"/encounters/{created['encounter_id']}", headers=headers())
    assert stored.status_code == 200 and stored.json() == created
