"""The routes over the in-memory use cases: the same bodies as before response models, tenants kept apart."""

from __future__ import annotations

import httpx
from clearinghouse_claims import TENANT, build_claim, claim_submitted, quiet_scenario
from clearinghouse_fakes import Clearinghouse
from rcm_clearinghouse.entrypoints.access import ROUTE_ROLES
from rcm_clearinghouse.entrypoints.http_routes import add_routes
from rcm_platform.http import install_http_edge
from rcm_platform.testing.auth import headers_for_tenant, protected_app


def _client(world: Clearinghouse, tenant_id: str = TENANT) -> httpx.AsyncClient:
    app = protected_app(ROUTE_ROLES)
    install_http_edge(app)
    add_routes(app, world.time, world.queries)
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers_for_tenant(tenant_id)
    )


async def test_the_clock_submission_and_remittance_routes_answer_their_documented_bodies() -> None:
    world = Clearinghouse(quiet_scenario())
    await world.deliver(claim_submitted(build_claim("CLM-HTTP"), 101))
    async with _client(world) as client:
        assert (await client.get("/simulator/clock")).json() == {"today": "2025-03-10"}
        pending = (await client.get("/submissions/CLM-HTTP")).json()
        advanced = (await client.post("/simulator/advance", json={"days": 90})).json()
        remitted = (await client.get("/submissions/CLM-HTTP")).json()
        x12 = await client.get(f"/remittances/{advanced['released'][0]}")

    (ack,) = pending["acknowledgments"]
    # Only the keys an acknowledgment of its kind has: no nulls added by the response model.
    assert set(ack) == {
        "interchange_control_number",
        "frequency_code",
        "received_on",
        "status",
        "ack_kind",
        "status_code",
        "reason",
    }
    assert (ack["status"], ack["ack_kind"], ack["reason"]) == ("accepted", "277CA", None)
    (entry,) = pending["adjudications"]
    assert entry["release"] == "pending" and entry["trace_number"] is None and entry["replaces"] is None
    assert entry["charge"] == "270.00"
    assert advanced["today"] == "2025-06-08" and len(advanced["released"]) == 1
    assert remitted["adjudications"][0]["release"] == "remitted"
    assert remitted["adjudications"][0]["trace_number"] == advanced["released"][0]
    assert x12.status_code == 200 and x12.headers["content-type"].startswith("application/edi-x12")
    assert x12.text.startswith("ISA*")


async def test_another_tenants_records_are_not_found_and_bad_input_is_a_422_naming_the_field() -> None:
    world = Clearinghouse(quiet_scenario())
    await world.deliver(claim_submitted(build_claim("CLM-MINE"), 102))
    trace = (await world.time.advance(90)).released[0]
    async with _client(world, "clinic-b") as other:
        assert (await other.get("/submissions/CLM-MINE")).status_code == 404
        assert (await other.get(f"/remittances/{trace}")).status_code == 404
        refused = await other.post("/simulator/advance", json={"days": 0})
    async with _client(world, "not a tenant!") as bad_tenant:
        assert (await bad_tenant.get("/submissions/CLM-MINE")).status_code == 401
    assert refused.status_code == 422
    assert [p["loc"] for p in refused.json()["detail"]] == [["body", "days"]]
