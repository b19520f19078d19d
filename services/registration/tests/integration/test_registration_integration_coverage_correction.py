"""On the real stack: the front desk's coverage correction of a registered encounter goes through
rcm.registration.commands to the encounter's writer and comes out once as EncounterCoverageCorrected, its
member id sealed on the broker."""

from __future__ import annotations

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events, read_records
from rcm_platform.testing.waiting import wait_for
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas.events import EncounterCoverageCorrected
from registration_front_desk import FrontDesk, headers, new_key

pytestmark = pytest.mark.stack


async def test_a_coverage_correction_is_published_once_with_its_member_id_sealed(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    settings = registration_settings
    desk = FrontDesk(client, SyntheticPopulation(seed=23))
    created = await client.post(
        "/encounters", json=await desk.intake(payer_id="NWHP1"), headers=headers(key=new_key())
    )
    assert created.status_code == 201 and created.json()["status"] == "registered", created.text
    encounter_id = created.json()["encounter_id"]
    new_coverage = desk.coverage_details("FBHMO").model_dump(mode="json", exclude_none=True)
    path = f"/encounters/{encounter_id}/coverage-corrections"
    key = new_key()

    first = await client.post(path, json={"coverage": new_coverage}, headers=headers(key=key))
    again = await client.post(path, json={"coverage": new_coverage}, headers=headers(key=key))  # a retry

    assert first.status_code == 202 and again.json() == first.json(), first.text
    commands_topic = settings.topic("rcm.registration.commands")
    handled = registration.metrics.consumed.labels(commands_topic, "CorrectCoverage", "handled")
    await wait_for(lambda: _at_least(handled, 2), what="both commands handled")  # the retry's too
    events_topic = settings.topic("rcm.registration.events")
    events = await read_events(settings.kafka_bootstrap, events_topic, at_least=2)
    corrected = [e for e in events if isinstance(e.payload, EncounterCoverageCorrected)]
    assert len(corrected) == 1
    payload = corrected[0].payload
    assert payload.encounter_id == encounter_id and payload.coverage.payer_id == "FBHMO"
    assert payload.coverage.member_id == new_coverage["member_id"] and payload.eligibility.active
    assert corrected[0].envelope.partition_key == encounter_id
    raw = await read_records(settings.kafka_bootstrap, events_topic, at_least=2)
    assert not any(new_coverage["member_id"].encode() in record.value for record in raw)  # type: ignore[attr-defined]


async def _at_least(counter: object, count: int) -> bool:
    return counter._value.get() >= count  # type: ignore[attr-defined]
