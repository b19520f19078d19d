"""CorrectRegistration on the real stack: a redelivery changes nothing, a stray one is dead-lettered."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events, read_records
from rcm_platform.testing.waiting import wait_for
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas import encode, new_message
from rcm_schemas.events import CorrectRegistration
from registration_front_desk import DATE_OF_SERVICE, TENANT, FrontDesk, headers, new_key

pytestmark = pytest.mark.stack


async def test_a_redelivered_correction_registers_once(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    settings = registration_settings
    desk = FrontDesk(client, SyntheticPopulation(seed=21))
    intake = await desk.intake(payer_id="MCD01", termination=DATE_OF_SERVICE - timedelta(days=1))
    created = (await client.post("/encounters", json=intake, headers=headers(key=new_key()))).json()
    fixed = desk.coverage_details("MCD01").model_dump(mode="json", exclude_none=True)
    work_item = created["work_item_id"]
    accepted = await client.post(
        f"/work-items/{work_item}/corrections", json={"coverage": fixed}, headers=headers()
    )
    assert accepted.status_code == 202, accepted.text
    commands_topic = settings.topic("rcm.registration.commands")
    (command,) = await read_records(settings.kafka_bootstrap, commands_topic, at_least=1)
    handled = registration.metrics.consumed.labels(commands_topic, "CorrectRegistration", "handled")

    replay_headers = {k: v.decode() for k, v in command.headers}  # type: ignore[attr-defined]
    await wait_for(lambda: _at_least(handled, 1), what="the correction handled")
    await registration.publisher.send_raw(
        commands_topic,
        command.value,
        key=command.key,
        headers=replay_headers,  # type: ignore[attr-defined]
    )
    await wait_for(lambda: _at_least(handled, 2), what="the redelivery handled")

    events = await read_events(
        settings.kafka_bootstrap, settings.topic("rcm.registration.events"), at_least=2
    )
    assert [e.envelope.event_type for e in events] == ["RegistrationIncomplete", "EncounterRegistered"]
    raw = await registration.db["encounters"].find_one({"_id": created["encounter_id"]})
    assert raw is not None and raw["_outbox"] == []
    eligibility = raw["state"]["eligibility"]
    assert isinstance(eligibility["copay_cents"], int) and "copay" not in eligibility  # cents, not Decimal


async def _at_least(counter: object, count: int) -> bool:
    return counter._value.get() >= count  # type: ignore[attr-defined]


async def test_a_correction_for_an_unknown_encounter_goes_to_the_dlq(
    registration: Service, registration_settings: RegistrationSettings
) -> None:
    settings = registration_settings
    stray = CorrectRegistration(
        encounter_id="enc-unknown", work_item_id="wi-enc-unknown", requested_by="desk"
    )
    message = new_message(stray, producer="tests", tenant_id=TENANT)

    await registration.publisher.send_raw(
        settings.topic("rcm.registration.commands"), encode(message), key=b"enc-unknown", headers={}
    )

    letters = await read_records(settings.kafka_bootstrap, settings.topic("rcm.dlq.registration"), at_least=1)
    assert len(letters) == 1
    letter_headers = {k: v.decode() for k, v in letters[0].headers}  # type: ignore[attr-defined]
    assert (
        letter_headers["dlq.reason_kind"] == "permanent"
        and "no such encounter" in letter_headers["dlq.reason"]
    )
    assert await registration.db["encounters"].count_documents({}) == 0
