"""The registration workflows end to end on the in-memory store and publisher: the API in, the events out,
the CorrectRegistration command through the service's real consumer. No stack; milliseconds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from rcm_platform.testing.in_memory import InMemoryService
from rcm_schemas import EventMessage
from rcm_schemas.events import CorrectRegistration, EncounterRegistered, RegistrationIncomplete
from registration_front_desk import DATE_OF_SERVICE, OTHER_TENANT, TENANT, FrontDesk, headers, new_key

CHECKED_ON = "2025-03-10"  # the day of the clock the `world` fixture gives build_app


async def create_encounter(client: httpx.AsyncClient, intake: dict[str, Any], key: str) -> dict[str, Any]:
    response = await client.post("/encounters", json=intake, headers=headers(key=key))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def sent_commands(world: InMemoryService) -> list[EventMessage]:
    return [m for m in world.publisher.messages if isinstance(m.payload, CorrectRegistration)]


async def test_a_complete_encounter_is_registered_and_published_once(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    intake = await desk.intake(payer_id="NWHP1")

    created = await create_encounter(client, intake, new_key())

    assert created["status"] == "registered" and created["work_item_id"] is None
    assert created["eligibility"]["checked_on"] == CHECKED_ON
    (registered,) = world.published(EncounterRegistered)
    assert registered.encounter_id == created["encounter_id"]
    assert registered.patient_id == intake["patient_id"] and registered.facts.eligibility.active
    assert registered.note_id == "note-" + created["encounter_id"].removeprefix("enc-")
    assert world.published(RegistrationIncomplete) == []
    read = await client.get(f"/encounters/{created['encounter_id']}", headers=headers())
    assert read.status_code == 200 and read.json() == created
    elsewhere = await client.get(f"/encounters/{created['encounter_id']}", headers=headers(OTHER_TENANT))
    assert elsewhere.status_code == 404


async def test_an_incomplete_encounter_opens_a_work_item(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    intake = await desk.intake(payer_id="CCPPO", termination=DATE_OF_SERVICE - timedelta(days=30))

    created = await create_encounter(client, intake, new_key())

    assert created["status"] == "incomplete"
    work_item_id = created["work_item_id"]
    assert work_item_id == "wi-" + created["encounter_id"]
    (incomplete,) = world.published(RegistrationIncomplete)
    assert incomplete.encounter_id == created["encounter_id"] and incomplete.work_item_id == work_item_id
    assert [p.code for p in incomplete.problems] == ["coverage_inactive"]
    assert world.published(EncounterRegistered) == []
    item = await client.get(f"/work-items/{work_item_id}", headers=headers())
    assert item.status_code == 200 and item.json()["problems"][0]["code"] == "coverage_inactive"
    assert (await client.get("/work-items/wi-enc-nope", headers=headers())).status_code == 404


async def test_the_same_create_with_one_idempotency_key_creates_nothing_twice(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    intake = await desk.intake(payer_id="FBHMO")
    key = new_key()

    first = await create_encounter(client, intake, key)
    again = await create_encounter(client, intake, key)

    assert again == first
    assert len(world.published(EncounterRegistered)) == 1
    assert list(world.stores("encounters").documents) == [first["encounter_id"]]
    other = await create_encounter(client, intake, new_key())
    assert other["encounter_id"] != first["encounter_id"] and len(world.published(EncounterRegistered)) == 2


async def test_a_record_created_twice_with_one_key_is_one_record(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    body = desk.population.clinic().model_dump(mode="json", exclude={"tenant_id", "clinic_id"})
    key = new_key()
    first = await client.post("/clinics", json=body, headers=headers(key=key))
    second = await client.post("/clinics", json=body, headers=headers(key=key))
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert len(world.stores("clinics").documents) == 1
    other_tenant = await client.post("/clinics", json=body, headers=headers(OTHER_TENANT, key))
    assert other_tenant.json()["clinic_id"] != first.json()["clinic_id"]


async def test_a_correction_registers_the_encounter_once_even_when_redelivered(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    intake = await desk.intake(payer_id="MCD01", termination=DATE_OF_SERVICE - timedelta(days=1))
    created = await create_encounter(client, intake, new_key())
    fixed = desk.coverage_details("MCD01").model_dump(mode="json", exclude_none=True)
    path = f"/work-items/{created['work_item_id']}/corrections"

    accepted = await client.post(path, json={"coverage": fixed}, headers=headers())

    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["encounter_id"] == created["encounter_id"]
    (command,) = sent_commands(world)
    assert str(command.envelope.event_id) == accepted.json()["command_id"]
    assert command.envelope.tenant_id == TENANT and command.payload.requested_by == "front-desk"
    assert world.published(EncounterRegistered) == []  # the consumer applies it, not the route

    await world.deliver_message(command)
    await world.deliver_message(command)  # a redelivery

    (registered,) = world.published(EncounterRegistered)
    assert registered.encounter_id == created["encounter_id"]
    assert world.dead_letters() == []
    encounter = (await client.get(f"/encounters/{created['encounter_id']}", headers=headers())).json()
    assert encounter["status"] == "registered" and encounter["problems"] == []
    assert (await client.post(path, json={"coverage": fixed}, headers=headers())).status_code == 409
    assert (await client.get(f"/work-items/{created['work_item_id']}", headers=headers())).status_code == 404


async def test_a_correction_that_cannot_cover_the_visit_is_a_422_and_sends_nothing(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    ended = DATE_OF_SERVICE - timedelta(days=5)
    intake = await desk.intake(payer_id="TSMA1", termination=ended)
    created = await create_encounter(client, intake, new_key())
    path = f"/work-items/{created['work_item_id']}/corrections"
    still_ended = desk.coverage_details("TSMA1", termination=ended).model_dump(mode="json", exclude_none=True)

    refused = await client.post(path, json={"coverage": still_ended}, headers=headers())
    unknown = await client.post(path, json={"coverage_id": "cov-nope"}, headers=headers())
    elsewhere = await client.post(path, json={"coverage_id": "cov-nope"}, headers=headers(OTHER_TENANT))

    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["detail"]] == [["body", "coverage", "termination_date"]]
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "coverage_id"]
    assert elsewhere.status_code == 404
    assert sent_commands(world) == []
    stored_coverage_id = await desk.coverage(intake["patient_id"], "TSMA1")
    accepted = await client.post(path, json={"coverage_id": stored_coverage_id}, headers=headers())
    assert accepted.status_code == 202 and len(sent_commands(world)) == 1


async def test_a_correction_for_an_unknown_or_foreign_encounter_is_dead_lettered(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    stray = CorrectRegistration(
        encounter_id="enc-unknown", work_item_id="wi-enc-unknown", requested_by="desk"
    )
    await world.deliver(stray, tenant_id=TENANT)
    intake = await desk.intake(payer_id="CCPPO", termination=DATE_OF_SERVICE - timedelta(days=30))
    created = await create_encounter(client, intake, new_key())
    foreign = CorrectRegistration(
        encounter_id=created["encounter_id"], work_item_id=created["work_item_id"], requested_by="desk"
    )
    await world.deliver(foreign, tenant_id=OTHER_TENANT)

    reasons = [(letter["reason_kind"], letter["reason"]) for letter in world.dead_letters()]
    assert len(reasons) == 2 and all(kind == "permanent" for kind, _ in reasons)
    assert "no such encounter" in reasons[0][1] and "does not own" in reasons[1][1]
    assert world.published(EncounterRegistered) == []
    assert list(world.stores("encounters").documents) == [created["encounter_id"]]
