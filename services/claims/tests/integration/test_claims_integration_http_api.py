"""The HTTP API on the running service: claim lists and details, the biller's work items, edit and release
(commands applied by the consumer), and 422s naming the field."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from claims_scenarios import (
    RECENT,
    TENANT,
    claim_id_of,
    claims_events,
    coded_encounter,
    line,
    publish,
    wait_for_claim,
)
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.waiting import wait_for

pytestmark = pytest.mark.stack
HEADERS = headers_for_tenant(TENANT)


@pytest_asyncio.fixture
async def client(claims_service: Service) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=claims_service.http)
    async with httpx.AsyncClient(transport=transport, base_url="http://claims") as http:
        yield http


async def test_a_biller_edits_a_held_claim_and_it_goes_out(
    claims_settings: ClaimsSettings, claims_service: Service, client: httpx.AsyncClient
) -> None:
    await publish(claims_service, coded_encounter("enc-http-1", line(1, "99213", units=2)))
    claim_id = claim_id_of("enc-http-1")
    held = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.HELD)
    assert held.work_item is not None

    queue = await client.get("/work-items", headers=HEADERS, params={"rule_id": "mue.units_exceeded"})
    items = queue.json()
    assert [(i["claim_id"], i["work_item_id"], i["status"]) for i in items] == [
        (claim_id, held.work_item.work_item_id, "open")
    ]
    body = {
        "work_item_id": held.work_item.work_item_id,
        "fixes": [{"kind": "change_units", "line_number": 1, "units": 1}],
    }
    headers = {**HEADERS, "Idempotency-Key": "edit-1"}
    first = await client.post(f"/claims/{claim_id}/edits", json=body, headers=headers)
    again = await client.post(f"/claims/{claim_id}/edits", json=body, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["command_id"] == again.json()["command_id"]  # a retried request is one command

    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    detail = (await client.get(f"/claims/{claim_id}", headers=HEADERS)).json()
    assert [entry["event"] for entry in detail["history"]] == [
        ClaimEvent.SCRUB_HELD,
        ClaimEvent.SCRUB_PASSED,
        ClaimEvent.SUBMITTED,
    ]
    assert detail["work_item"]["status"] == "resolved"
    assert detail["claim"]["lines"][0]["units"] == 1 and detail["total_charge"] == "190.00"
    assert detail["x12_837p"].startswith("ISA*")
    text = await client.get(f"/claims/{claim_id}/837", headers=HEADERS)
    assert text.status_code == 200 and text.text == detail["x12_837p"]
    listed = (await client.get("/claims", headers=HEADERS, params={"status": "submitted"})).json()
    assert [c["claim_id"] for c in listed] == [claim_id]
    assert len(await claims_events(claims_settings, at_least=2, event_type="ClaimSubmitted")) == 1


async def test_a_biller_replaces_a_non_billable_diagnosis_and_the_claim_goes_out(
    claims_service: Service, client: httpx.AsyncClient
) -> None:
    # "J06" is a category header, not a billable code: the scrubber holds the claim for a biller.
    encounter = coded_encounter("enc-http-dx").model_copy(update={"diagnoses": ("J06", "I10")})
    await publish(claims_service, encounter)
    claim_id = claim_id_of("enc-http-dx")
    held = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.HELD)
    assert held.work_item is not None and "data.diagnosis" in {f.rule_id for f in held.findings}

    edit = {
        "work_item_id": held.work_item.work_item_id,
        "fixes": [{"kind": "replace_diagnosis", "position": 1, "diagnosis_code": "J06.9"}],
    }
    accepted = await client.post(
        f"/claims/{claim_id}/edits", json=edit, headers={**HEADERS, "Idempotency-Key": "dx-1"}
    )
    assert accepted.status_code == 202

    sent = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    assert sent.claim.diagnoses == ("J069", "I10") and "HI*ABK:J069*ABF:I10~" in sent.x12_837p
    stranded = await client.post(
        f"/claims/{claim_id}/edits",
        headers=HEADERS,
        json={"work_item_id": "WI-X", "fixes": [{"kind": "set_diagnoses", "diagnoses": []}]},
    )
    assert stranded.status_code == 422 and stranded.json()["detail"][0]["loc"][:3] == ["body", "fixes", 0]


async def test_a_biller_releases_a_held_claim_accepting_the_finding(
    claims_service: Service, client: httpx.AsyncClient
) -> None:
    await publish(claims_service, coded_encounter("enc-http-2", line(1, "10060"), line(2, "12001")))
    claim_id = claim_id_of("enc-http-2")
    held = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.HELD)
    assert held.work_item is not None
    body = {
        "work_item_id": held.work_item.work_item_id,
        "accepted_rule_ids": ["ncci.ptp_modifier_required"],
    }
    keyed = {**HEADERS, "Idempotency-Key": "release-1"}
    response = await client.post(f"/claims/{claim_id}/release", json=body, headers=keyed)
    assert response.status_code == 202

    released = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    assert released.work_item is not None and released.work_item.status == "released"
    assert released.work_item.accepted_rule_ids == ("ncci.ptp_modifier_required",)
    # A retry of the same request answers as the first time, although the claim is no longer held; its status
    # says it was applied. A new request (no key) for the released claim is refused.
    retried = await client.post(f"/claims/{claim_id}/release", json=body, headers=keyed)
    assert retried.status_code == 202 and retried.json() == response.json()

    async def applied() -> bool:
        status = await client.get(f"/commands/{response.json()['command_id']}", headers=HEADERS)
        return status.status_code == 200 and status.json()["status"] == "applied"

    await wait_for(applied)
    assert (await client.post(f"/claims/{claim_id}/release", json=body, headers=HEADERS)).status_code == 409


async def test_lists_filter_by_payer_and_date_and_tenant(
    claims_service: Service, client: httpx.AsyncClient
) -> None:
    await publish(claims_service, coded_encounter("enc-http-3"))
    claim_id = claim_id_of("enc-http-3")
    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)

    async def ids(params: dict[str, str], tenant: str = TENANT) -> list[str]:
        response = await client.get("/claims", headers=headers_for_tenant(tenant), params=params)
        assert response.status_code == 200, response.text
        return [claim["claim_id"] for claim in response.json()]

    day = RECENT.isoformat()
    assert await ids({"payer_id": "NWHP1", "date_from": day, "date_to": day}) == [claim_id]
    assert await ids({"payer_id": "MCR01"}) == []
    assert await ids({"date_from": "2099-01-01"}) == []
    assert await ids({}, tenant="another-clinic") == []
    other = await client.get(f"/claims/{claim_id}", headers=headers_for_tenant("another-clinic"))
    assert other.status_code == 404


async def test_bad_requests_get_a_422_naming_the_field(
    claims_service: Service, client: httpx.AsyncClient
) -> None:
    anonymous = await client.get("/claims")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    bad_status = await client.get("/claims", headers=HEADERS, params={"status": "lost"})
    assert bad_status.status_code == 422 and bad_status.json()["detail"][0]["loc"] == ["query", "status"]
    bad_fix = await client.post(
        "/claims/C1/edits",
        headers=HEADERS,
        json={
            "work_item_id": "WI-C1",
            "fixes": [{"kind": "change_units", "line_number": 1, "units": 0}],
        },
    )
    assert bad_fix.status_code == 422
    assert bad_fix.json()["detail"][0]["loc"][:3] == ["body", "fixes", 0]
    unknown = await client.post("/claims/C1/release", headers=HEADERS, json={"work_item_id": "WI-C1"})
    assert unknown.status_code == 404
