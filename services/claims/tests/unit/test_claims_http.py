"""The HTTP edge on in-memory ports: reads, a release as a command (202, one id per Idempotency-Key) that the
consumer then applies, and the kit's 422 naming the field."""

from __future__ import annotations

from claims_builders import TENANT, claim_id_of, coded_encounter, line
from claims_fakes import claims_world
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_platform.testing.auth import headers_for_tenant
from rcm_schemas.events.claims import ClaimSubmitted, ReleaseHeldClaim

HEADERS = headers_for_tenant(TENANT)


async def test_a_release_over_http_is_one_command_per_key_and_submits_the_claim() -> None:
    world = claims_world()
    await world.deliver(coded_encounter("enc-1", line(1, "10060"), line(2, "12001")), tenant_id=TENANT)
    claim_id = claim_id_of("enc-1")
    async with world.http() as client:
        queue = await client.get(
            "/work-items", headers=HEADERS, params={"rule_id": "ncci.ptp_modifier_required"}
        )
        (item,) = queue.json()
        assert (item["claim_id"], item["status"], item["total_charge"]) == (claim_id, "open", "390.00")
        body = {
            "work_item_id": item["work_item_id"],
            "accepted_rule_ids": ["ncci.ptp_modifier_required"],
        }
        headers = {**HEADERS, "Idempotency-Key": "release-1"}
        first = await client.post(f"/claims/{claim_id}/release", json=body, headers=headers)
        again = await client.post(f"/claims/{claim_id}/release", json=body, headers=headers)

    assert first.status_code == again.status_code == 202
    assert first.json() == again.json() and first.json()["claim_id"] == claim_id
    commands = [m for m in world.publisher.messages if isinstance(m.payload, ReleaseHeldClaim)]
    assert [str(m.envelope.event_id) for m in commands] == [first.json()["command_id"]] * 2
    for message in commands:  # the consumer applies the (retried) command once
        await world.deliver_message(message)
    record = await world.record(claim_id)
    assert record is not None and record.status is ClaimStatus.SUBMITTED
    assert len(world.published(ClaimSubmitted)) == 1


async def test_a_release_of_another_work_item_is_a_422_naming_the_field() -> None:
    world = claims_world()
    await world.deliver(coded_encounter("enc-2", line(1, "10060"), line(2, "12001")), tenant_id=TENANT)
    body = {"work_item_id": "WI-other"}
    async with world.http() as client:
        response = await client.post(f"/claims/{claim_id_of('enc-2')}/release", json=body, headers=HEADERS)
        missing = await client.post("/claims/CNOPE/release", json=body, headers=HEADERS)
        other_tenant = await client.get(
            f"/claims/{claim_id_of('enc-2')}", headers=headers_for_tenant("another")
        )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"type": "value_error", "loc": ["body", "work_item_id"], "msg": "not this claim's work item"}
        ]
    }
    assert missing.status_code == 404 and other_tenant.status_code == 404
    assert [m for m in world.publisher.messages if isinstance(m.payload, ReleaseHeldClaim)] == []


async def test_a_submitted_claim_cannot_be_released_and_its_837_is_served_as_text() -> None:
    world = claims_world()
    await world.deliver(coded_encounter("enc-3"), tenant_id=TENANT)
    claim_id = claim_id_of("enc-3")
    body = {"work_item_id": f"WI-{claim_id}"}
    async with world.http() as client:
        conflict = await client.post(f"/claims/{claim_id}/release", json=body, headers=HEADERS)
        text = await client.get(f"/claims/{claim_id}/837", headers=HEADERS)
        listed = await client.get("/claims", headers=HEADERS, params={"status": "submitted"})

    assert conflict.status_code == 409
    assert text.status_code == 200 and text.text.startswith("ISA*")
    assert [row["claim_id"] for row in listed.json()] == [claim_id]
