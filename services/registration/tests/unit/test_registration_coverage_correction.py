"""The front desk corrects a REGISTERED encounter's coverage (after a payer's coverage denial): the door checks
(404, 409, 422 naming the field, the payer's refusal), the command through the service's real consumer, and
EncounterCoverageCorrected once however often the request or the command comes. In memory; milliseconds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from rcm_platform.testing.in_memory import InMemoryService
from rcm_schemas import EventMessage
from rcm_schemas.events import CorrectCoverage, EncounterCoverageCorrected, EncounterRegistered
from registration_front_desk import DATE_OF_SERVICE, OTHER_TENANT, TENANT, FrontDesk, headers, new_key


async def registered_encounter(client: httpx.AsyncClient, desk: FrontDesk, payer_id: str) -> dict[str, Any]:
    response = await client.post(
        "/encounters", json=await desk.intake(payer_id=payer_id), headers=headers(key=new_key())
    )
    assert response.status_code == 201 and response.json()["status"] == "registered", response.text
    created: dict[str, Any] = response.json()
    return created


def coverage_body(desk: FrontDesk, payer_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = desk.coverage_details(payer_id).model_dump(mode="json", exclude_none=True)
    return body | changes


def sent_commands(world: InMemoryService) -> list[EventMessage]:
    return [m for m in world.publisher.messages if isinstance(m.payload, CorrectCoverage)]


def path_of(encounter: dict[str, Any]) -> str:
    return f"/encounters/{encounter['encounter_id']}/coverage-corrections"


async def test_a_corrected_coverage_is_verified_applied_once_and_published_once(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    encounter = await registered_encounter(client, desk, "NWHP1")
    new_coverage = coverage_body(desk, "FBHMO")
    key = new_key()

    accepted = await client.post(
        path_of(encounter), json={"coverage": new_coverage}, headers=headers(key=key)
    )
    repeated = await client.post(
        path_of(encounter), json={"coverage": new_coverage}, headers=headers(key=key)
    )

    assert accepted.status_code == 202, accepted.text
    assert repeated.json() == accepted.json()  # the same key names the same command
    first, second = sent_commands(world)
    assert first.envelope.event_id == second.envelope.event_id
    assert str(first.envelope.event_id) == accepted.json()["command_id"]
    assert first.payload.requested_by == "front-desk" and first.payload.coverage.payer_id == "FBHMO"
    assert world.published(EncounterCoverageCorrected) == []  # the consumer applies it, not the route

    await world.deliver_message(first)
    await world.deliver_message(second)  # the repeated request's command: already applied

    (corrected,) = world.published(EncounterCoverageCorrected)
    assert corrected.encounter_id == encounter["encounter_id"]
    assert corrected.correction_id == accepted.json()["command_id"] and corrected.corrected_by == "front-desk"
    assert corrected.coverage.payer_id == "FBHMO"
    assert corrected.coverage.member_id == new_coverage["member_id"]
    assert corrected.eligibility.active
    assert len(world.published(EncounterRegistered)) == 1  # coding is not asked to code the visit again
    assert world.dead_letters() == []
    stored = (await client.get(f"/encounters/{encounter['encounter_id']}", headers=headers())).json()
    assert stored["status"] == "registered"
    # The encounter's coverage keeps its id (one coverage of each order) and the payer's answer is the new one.
    assert stored["coverage_ids"] == encounter["coverage_ids"]
    assert stored["eligibility"]["payer_id"] == "FBHMO"


async def test_bad_coverage_fields_are_a_422_naming_the_field_and_send_nothing(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    encounter = await registered_encounter(client, desk, "NWHP1")
    path = path_of(encounter)

    unknown_payer = await client.post(
        path, json={"coverage": coverage_body(desk, "FBHMO") | {"payer_id": "NOPAYER"}}, headers=headers()
    )
    bad_member = await client.post(
        path, json={"coverage": coverage_body(desk, "FBHMO", member_id="!")}, headers=headers()
    )
    no_member = await client.post(
        path, json={"coverage": coverage_body(desk, "FBHMO", member_id=None)}, headers=headers()
    )
    ended = (DATE_OF_SERVICE - timedelta(days=3)).isoformat()
    ended_before_visit = await client.post(
        path, json={"coverage": coverage_body(desk, "FBHMO", termination_date=ended)}, headers=headers()
    )
    no_coverage = await client.post(path, json={}, headers=headers())

    def locations(response: httpx.Response) -> list[list[str]]:
        assert response.status_code == 422, response.text
        return [error["loc"] for error in response.json()["detail"]]

    assert locations(unknown_payer) == [["body", "coverage", "payer_id"]]
    assert ["body", "coverage", "member_id"] in locations(bad_member)
    assert locations(no_member) == [["body", "coverage", "member_id"]]
    assert locations(ended_before_visit) == [["body", "coverage", "effective_date"]]
    assert locations(no_coverage) == [["body", "coverage"]]
    assert sent_commands(world) == []


async def test_a_coverage_the_payer_does_not_confirm_is_a_422_and_sends_nothing(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    encounter = await registered_encounter(client, desk, "NWHP1")
    member_id = coverage_body(desk, "FBHMO")["member_id"]
    # The simulated payer knows no member whose id ends in 8, and has ended the coverage of one ending in 9.
    unknown_member = coverage_body(desk, "FBHMO", member_id=member_id[:-1] + "8")
    terminated_member = coverage_body(desk, "FBHMO", member_id=member_id[:-1] + "9")

    not_found = await client.post(path_of(encounter), json={"coverage": unknown_member}, headers=headers())
    inactive = await client.post(path_of(encounter), json={"coverage": terminated_member}, headers=headers())

    assert not_found.status_code == 422, not_found.text
    (problem,) = not_found.json()["detail"]
    assert problem["loc"] == ["body", "coverage", "member_id"] and problem["type"] == "member_not_found"
    assert inactive.status_code == 422, inactive.text
    (problem,) = inactive.json()["detail"]
    assert problem["loc"] == ["body", "coverage"] and problem["type"] == "coverage_inactive"
    assert sent_commands(world) == []
    stored = (await client.get(f"/encounters/{encounter['encounter_id']}", headers=headers())).json()
    assert stored["eligibility"]["payer_id"] == "NWHP1"


async def test_only_a_registered_encounter_of_the_callers_tenant_is_corrected_here(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    encounter = await registered_encounter(client, desk, "NWHP1")
    incomplete_intake = await desk.intake(payer_id="CCPPO", termination=DATE_OF_SERVICE - timedelta(days=30))
    incomplete = (
        await client.post("/encounters", json=incomplete_intake, headers=headers(key=new_key()))
    ).json()
    body = {"coverage": coverage_body(desk, "FBHMO")}

    not_registered = await client.post(path_of(incomplete), json=body, headers=headers())
    elsewhere = await client.post(path_of(encounter), json=body, headers=headers(OTHER_TENANT))
    missing = await client.post("/encounters/enc-nope/coverage-corrections", json=body, headers=headers())

    assert not_registered.status_code == 409 and "work item" in not_registered.json()["detail"]
    assert elsewhere.status_code == 404 and missing.status_code == 404
    assert sent_commands(world) == []


async def test_a_command_for_an_encounter_that_is_no_longer_registered_changes_nothing(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    incomplete_intake = await desk.intake(payer_id="CCPPO", termination=DATE_OF_SERVICE - timedelta(days=30))
    incomplete = (
        await client.post("/encounters", json=incomplete_intake, headers=headers(key=new_key()))
    ).json()
    command = CorrectCoverage(
        encounter_id=incomplete["encounter_id"],
        requested_by="desk",
        coverage=(await registered_coverage(world, client, desk)),
    )

    await world.deliver(command, tenant_id=TENANT)
    await world.deliver(command.model_copy(update={"encounter_id": "enc-nope"}), tenant_id=TENANT)

    assert world.published(EncounterCoverageCorrected) == []
    (letter,) = world.dead_letters()
    assert letter["reason_kind"] == "permanent" and "no such encounter" in letter["reason"]


async def registered_coverage(world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk) -> Any:
    """A wire coverage the payer confirms: the one of a registered encounter."""
    await registered_encounter(client, desk, "FBHMO")
    return world.published(EncounterRegistered)[-1].facts.coverage
