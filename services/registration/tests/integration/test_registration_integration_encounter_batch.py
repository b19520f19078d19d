"""POST /encounters:batch on the real stack: each item admitted on its own, once per key, events published."""

from __future__ import annotations

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation
from registration_front_desk import TENANT, FrontDesk, headers, new_key

pytestmark = pytest.mark.stack


async def test_a_batch_registers_each_item_once_rejects_a_bad_one_alone_and_publishes_every_event(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=23))
    first, second = await desk.intake(payer_id="NWHP1"), await desk.intake(payer_id="NWHP1")
    unknown_patient = {**first, "patient_id": "pat-does-not-exist"}
    items = [
        {"idempotency_key": new_key(), "encounter": first},
        {"idempotency_key": new_key(), "encounter": unknown_patient},
        {"idempotency_key": new_key(), "encounter": second},
    ]
    response = await client.post("/encounters:batch", json={"items": items}, headers=headers())
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["registered"], answer["rejected"]) == (2, 1)
    outcomes = [(r["idempotency_key"], r["outcome"]) for r in answer["results"]]
    assert outcomes == [
        (items[0]["idempotency_key"], "registered"),
        (items[1]["idempotency_key"], "rejected"),
        (items[2]["idempotency_key"], "registered"),
    ]
    rejected = answer["results"][1]
    assert rejected["encounter"] is None
    assert [p["loc"][:5] for p in rejected["problems"]] == [["body", "items", 1, "encounter", "patient_id"]]
    encounter_ids = [answer["results"][i]["encounter"]["encounter_id"] for i in (0, 2)]

    # The same batch again (a client retry): nothing new is stored or published.
    again = await client.post("/encounters:batch", json={"items": items}, headers=headers())
    assert again.status_code == 200
    assert [
        r["encounter"]["encounter_id"] for r in again.json()["results"] if r["encounter"]
    ] == encounter_ids

    topic = registration_settings.topic("rcm.registration.events")
    events = await read_events(registration_settings.kafka_bootstrap, topic, at_least=2)
    registered = sorted(e.payload.encounter_id for e in events)  # type: ignore[attr-defined]
    assert registered == sorted(encounter_ids), "one event per registered encounter, none for the rejected"
    for encounter_id in encounter_ids:
        stored = await registration.db["encounters"].find_one({"_id": encounter_id})
        assert stored is not None and stored["_outbox"] == [], "published in the batch's flush, then cleared"

    # The trail names each registered encounter, with the item's key as its cause.
    trail = await client.get(
        "/audit", params={"action": "POST /encounters:batch"}, headers=as_user(Role.auditor, TENANT)
    )
    assert trail.status_code == 200, trail.text
    named = [(r["target"]["encounter_id"], r["cause"]) for r in trail.json() if r["target"]]
    keys = {items[0]["idempotency_key"], items[2]["idempotency_key"]}
    assert {encounter for encounter, _ in named} == set(encounter_ids) and {
        cause for _, cause in named
    } == keys


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([{"idempotency_key": "k1", "encounter": {}}] * 2, "items"),
        ([{"idempotency_key": "", "encounter": {}}], "idempotency_key"),
    ],
)
async def test_a_malformed_batch_is_refused_whole_naming_the_field(
    client: httpx.AsyncClient, items: list[dict[str, object]], field: str
) -> None:
    response = await client.post("/encounters:batch", json={"items": items}, headers=headers())
    assert response.status_code == 422
    assert any(field in problem["loc"] for problem in response.json()["detail"]), response.text


async def test_more_than_a_hundred_items_are_refused(client: httpx.AsyncClient) -> None:
    item = {"idempotency_key": "k", "encounter": {}}
    response = await client.post(
        "/encounters:batch",
        json={"items": [{**item, "idempotency_key": f"k{i}"} for i in range(101)]},
        headers=headers(),
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "items"]
