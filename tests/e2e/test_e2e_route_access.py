"""Every route of every service, read from the running services' OpenAPI documents, refuses whom it must.

For each operation (the health probes and /metrics excepted):
- no token -> 401 with `WWW-Authenticate`; a token that is expired, not yet valid, for another audience or
  issuer, signed by another key, altered after signing, or unsigned -> 401;
- a valid token holding none of the operation's `x-roles` -> 403, and so is naming a tenant the token lacks;
- a valid token of another tenant of the same run -> 404 on every record of this tenant, and a list shows none.
The records come from a real run (the demo's workload), so "404" is shown for records that exist: each record
route is first answered 200 for its owner. None of the refused requests stores or publishes anything.

A route added without a role declaration stops its service from starting; one whose record this run cannot
produce, or a command whose body this test does not know, fails here until it is named below.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient
from rcm_analytics.domain.event_log import EventLog
from rcm_platform.auth import Role
from rcm_platform.auth.dev_keys import ensure_dev_signer
from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.testing.auth import bearer, signer
from rcm_platform.testing.phi_guard import remember_phi
from rcmctl.workload.run import run_workload

pytestmark = pytest.mark.stack

PUBLIC = {"GET /health/live", "GET /health/ready", "GET /metrics"}
TENANT = "X-Tenant-Id"
SCOPE_VALUES = {"queue": "billing"}
"""Path parameters that name a view, not a record: any tenant may use them."""

COMMAND_BODIES: dict[str, dict[str, Any]] = {
    "POST /patients/{patient_id}/coverages": {
        "payer_id": "MCR01",
        "member_id": "1EG4TE5MK73",
        "relationship_code": "18",
        "effective_date": "2025-01-01",
    },
    "POST /work-items/{work_item_id}/corrections": {"prior_authorization_number": "PA12345"},
    "POST /encounters/{encounter_id}/coverage-corrections": {
        "coverage": {
            "payer_id": "MCR01",
            "member_id": "1EG4TE5MK73",
            "relationship_code": "18",
            "effective_date": "2025-01-01",
        }
    },
    "POST /work-items/{work_item_id}/take": {},
    "POST /work-items/{work_item_id}/approve": {
        "diagnoses": ["I10"],
        "lines": [{"line_number": 1, "procedure_code": "99213", "diagnosis_pointers": [1]}],
    },
    "POST /claims/{claim_id}/edits": {
        "work_item_id": "{work_item_id}",
        "fixes": [{"kind": "change_units", "line_number": 1, "units": 1}],
    },
    "POST /claims/{claim_id}/release": {"work_item_id": "{work_item_id}"},
    "POST /claims/{claim_id}/details": {
        "work_item_id": "{work_item_id}",
        "details": {"clia_number": "05D0987654"},
    },
    "POST /unmatched/{item_id}/match": {"claim_id": "{claim_id}"},
    "POST /patients/{patient_id}/payments": {"amount": "10.00", "method": "cash", "reference": "RECEIPT-1"},
    "POST /denials/{claim_id}/assignments": {"work_item_id": "{work_item_id}", "assignee": "biller.x"},
    "POST /denials/{claim_id}/resolutions": {"work_item_id": "{work_item_id}", "resolution": "corrected"},
    "POST /denials/{claim_id}/appeals": {"work_item_id": "{work_item_id}"},
    "POST /denials/{claim_id}/reclassifications": {
        "work_item_id": "{work_item_id}",
        "category": "contractual",
    },
    "POST /denials/{claim_id}/write-offs": {"work_item_id": "{work_item_id}", "reason": "small balance"},
    "PUT /tenants/{tenant_id}/billing-model": {"billing_model": "in_house"},
    "POST /patients/{patient_id}/payment-plans": {
        "plan_id": "plan-1",
        "instalment_amount": "10.00",
        "first_due_date": (date.today() + timedelta(days=10)).isoformat(),
    },
    "POST /claims/{claim_id}/refunds": {
        "to": "patient",
        "amount": "1.00",
        "method": "check",
        "reference": "CHK-1",
    },
    "PUT /tenants/{tenant_id}/patient-billing-policy": {},
}
"""A valid body per command on a record, so another tenant's attempt reaches the record lookup (a 422 would
hide whether the record leaks)."""

NOT_PRODUCED_BY_THE_RUN = {
    "GET /commands/{command_id}": "a command id is the answer to an HTTP command, never a field of an event; "
    "services/denials/tests/integration/test_denials_integration_door_checks.py shows another tenant's is 404",
    "GET /appeals/{appeal_id}/letter": "an appeal is filed only when the run leaves the owner a denial to appeal",
    "GET /appeals/{appeal_id}/letter.pdf": "as above",
    "GET /work-items/{work_item_id}": "registration and coding serve open items; the run's people close them all",
    "POST /unmatched/{item_id}/match": "every payment of the run matches its claim",
    "GET /patients/{patient_id}/payment-plan": "the run agrees no payment plan (its patients do not pay); "
    "services/remittance/tests/unit/test_remittance_payment_plans.py shows another tenant's is 404",
}
ABSENT_IDS = {"appeal_id": "apl-000000000000000000000000"}
"""Well-formed ids of nothing, for records the run did not produce (a malformed one would be a 422)."""
"""Record routes shown only with an id that exists nowhere (still 404 for the other tenant, but not proven
against a real record)."""


RECORD_IDS = (
    "claim_id",
    "encounter_id",
    "patient_id",
    "coverage_id",
    "work_item_id",
    "appeal_id",
    "trace_number",
)
"""The tenant's own identifiers (payer ids and codes are shared reference data, not the tenant's)."""


class Route:
    def __init__(self, service: str, url: str, method: str, path: str, operation: dict[str, Any]) -> None:
        self.service, self.url, self.method, self.path = service, url, method, path
        self.key = f"{method} {path}"
        self.id = f"{service} {self.key}"
        self.roles = frozenset(Role(name) for name in operation.get("x-roles", []))
        self.params = re.findall(r"{(\w+)}", path)
        self.required_query = [
            p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")
        ]

    def __repr__(self) -> str:
        return f"{self.service} {self.key}"


async def _routes(urls: dict[str, str]) -> list[Route]:
    routes = []
    async with httpx.AsyncClient(timeout=10) as client:
        for service, url in urls.items():
            document = (await client.get(f"{url}/openapi.json")).json()
            for path, operations in document["paths"].items():
                for method, operation in operations.items():
                    if f"{method.upper()} {path}" not in PUBLIC:
                        routes.append(Route(service, url, method.upper(), path, operation))
    return routes


def _harvest(value: Any, found: dict[str, set[str]]) -> None:
    """Every `*_id` / `*_number` value (and each of a `*_ids` list) by field name, which is what path parameters
    are named; `rendering_provider_id` also counts as a `provider_id`."""
    if isinstance(value, dict):
        for key, item in value.items():
            names = [key, "_".join(key.split("_")[-2:])]
            if isinstance(item, str) and item and key.endswith(("_id", "_number")):
                for name in names:
                    found[name].add(item)
            elif key.endswith("_ids") and isinstance(item, list):
                found[key[:-1]].update(i for i in item if isinstance(i, str))
            _harvest(item, found)
        if value.get("payer_id") and value.get("trace_number"):
            found["remittance_key"].add(f"835:{value['payer_id']}:{value['trace_number']}")
    elif isinstance(value, list):
        for item in value:
            _harvest(item, found)


def _ids_of(events: EventLog, tenant_id: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for message in itertools.chain.from_iterable(events.by_type.values()):
        if message.envelope.tenant_id == tenant_id:
            _harvest(message.payload.model_dump(mode="json"), found)
    return found


def _fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)


def _body(route: Route, values: dict[str, str]) -> dict[str, Any] | None:
    if route.method == "GET":
        return None
    template = COMMAND_BODIES.get(route.key, {})
    return {k: v.format(**values) if isinstance(v, str) else v for k, v in template.items()}


class Candidates:
    """Path values of the owner's records: the ones shown to be real first, then a few more per parameter."""

    def __init__(self, ids: dict[str, set[str]], owner: str) -> None:
        self.ids, self.owner = ids, owner
        self.real: dict[str, dict[str, str]] = {}

    def candidates(self, route: Route, limit: int = 12) -> Iterator[dict[str, str]]:
        if route.id in self.real:
            yield self.real[route.id]
        in_body = re.findall(r"{(\w+)}", json.dumps(COMMAND_BODIES.get(route.key, {})))
        names = sorted(set(route.params) | set(in_body) | set(route.required_query))
        pools = []
        for name in names:
            if name == "tenant_id":
                pools.append([self.owner])
            elif name in SCOPE_VALUES:
                pools.append([SCOPE_VALUES[name]])
            else:
                pools.append(sorted(self.ids.get(name, ())) or [ABSENT_IDS.get(name, "not-a-record")])
        for combo in itertools.islice(itertools.product(*pools), limit):
            yield dict(zip(names, combo, strict=True))


def _bad_tokens(owner: str, tmp_path: Path) -> dict[str, str]:
    good = signer()
    everything = list(Role)
    stranger = ensure_dev_signer(tmp_path / "another-issuers-key")
    valid = good.mint(subject="intruder", roles=everything, tenants=[owner])
    header, _claims_as_signed, signature = valid.split(".")
    claims = jwt.decode(valid, options={"verify_signature": False})
    claims["tenants"] = [owner, "clinic-everyone"]
    forged_payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return {
        "expired": good.mint(subject="intruder", roles=everything, tenants=[owner], ttl_s=-300),
        "not yet valid": good.mint(subject="intruder", roles=everything, tenants=[owner], not_before_s=600),
        "another audience": good.mint(
            subject="intruder", roles=everything, tenants=[owner], audience="other"
        ),
        "another issuer": good.mint(subject="intruder", roles=everything, tenants=[owner], issuer="evil-idp"),
        "another key": stranger.mint(subject="intruder", roles=everything, tenants=[owner]),
        "altered after signing": f"{header}.{forged_payload}.{signature}",
        "unsigned": jwt.encode(claims, key=None, algorithm="none"),  # type: ignore[arg-type]
        "not a token": "not-a-jwt",
    }


async def _file_an_appeal(denials_url: str, owner: str, events: EventLog) -> set[str]:
    """The workload rarely appeals: file one on an open denial of the owner, so its letter routes are shown."""
    headers = bearer(signer().mint(subject="appeals.test", roles=[Role.appeals], tenants=[owner]))
    async with httpx.AsyncClient(base_url=denials_url, headers=headers, timeout=10) as client:
        for routed in events.of("DenialRouted"):
            claim = routed.payload.claim_id
            if (
                routed.envelope.tenant_id != owner
                or (await client.get(f"/denials/{claim}")).json().get("status") != "routed"
            ):
                continue
            body = {"work_item_id": routed.payload.work_item_id}
            if (await client.post(f"/denials/{claim}/appeals", json=body)).status_code != 202:
                continue
            for _ in range(40):
                appeals = (await client.get(f"/denials/{claim}")).json().get("appeals") or []
                if appeals:
                    return {appeal["appeal_id"] for appeal in appeals}
                await asyncio.sleep(0.25)
    return set()


async def _snapshot(kafka_bootstrap: str, mongo_uri: str, world: str) -> dict[str, int]:
    """End offset of every partition of the world's topics and document count of its collections."""
    counts: dict[str, int] = {}
    options = kafka_client_options(kafka_bootstrap)  # the stack's admin principal
    admin = AIOKafkaAdminClient(**options)
    consumer = AIOKafkaConsumer(**options)
    await admin.start()
    await consumer.start()
    try:
        topics = [t for t in await admin.list_topics() if t.startswith(f"{world}.")]
        partitions = [
            TopicPartition(described["topic"], partition["partition"])
            for described in await admin.describe_topics(topics)
            for partition in described["partitions"]
        ]
        for partition, offset in (await consumer.end_offsets(partitions)).items():
            counts[f"kafka {partition.topic}[{partition.partition}]"] = offset
    finally:
        await consumer.stop()
        await admin.close()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    try:
        for database in await client.list_database_names():
            if database.startswith(f"{world}_"):
                for collection in await client[database].list_collection_names():
                    counts[f"store {database}.{collection}"] = await client[database][
                        collection
                    ].count_documents({})
    finally:
        await client.close()
    return counts


async def test_every_route_refuses_strangers_the_wrong_role_and_other_tenants(
    fleet_factory: Any, kafka_bootstrap: str, mongo_uri: str, unique_name: str, tmp_path: Path
) -> None:
    fleet = fleet_factory()
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=30,
        seed=41,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=240,
    )
    assert result.settled and result.tracker is not None
    events = result.tracker.events
    busiest: dict[str, int] = defaultdict(int)
    for message in itertools.chain.from_iterable(events.by_type.values()):
        busiest[message.envelope.tenant_id] += 1
    owner, other = sorted(busiest, key=busiest.__getitem__, reverse=True)[:2]
    ids = _ids_of(events, owner)
    ids["appeal_id"] |= await _file_an_appeal(urls["denials"], owner, events)
    candidates = Candidates(ids, owner)
    routes = await _routes(urls)
    assert {r.service for r in routes} == set(urls) and len(routes) > 40

    async with httpx.AsyncClient(timeout=30) as client:
        await _show_real_records(client, routes, candidates, owner)

        await asyncio.sleep(
            2
        )  # background loops (outbox sweeps) settle; what still moves is not ours to judge
        before = await _snapshot(kafka_bootstrap, mongo_uri, unique_name)
        await asyncio.sleep(2)
        steady = await _snapshot(kafka_bootstrap, mongo_uri, unique_name)
        # The audit trail records every authorised request, a refused one included: that is its job.
        watched = {
            name for name, count in steady.items() if before.get(name) == count and "audit" not in name
        }
        moving = sorted(set(steady) - watched)
        assert any(name.startswith("kafka") for name in watched), (sorted(steady), moving)
        assert any(name.startswith("store") for name in watched), (sorted(steady), moving)

        wrong: list[str] = []
        bad_tokens = _bad_tokens(owner, tmp_path)
        for route in routes:
            wrong += await _refusals(client, route, candidates, owner, other, bad_tokens)

    assert not wrong, "\n".join(wrong)
    unproven = {r.key for r in routes if r.method == "GET" and _records(r) and r.id not in candidates.real}
    assert unproven <= set(NOT_PRODUCED_BY_THE_RUN), (
        sorted(r.id for r in routes if r.key in unproven and r.id not in candidates.real),
        {name: len(values) for name, values in candidates.ids.items()},
    )
    after = await _snapshot(kafka_bootstrap, mongo_uri, unique_name)
    changed = sorted(name for name in watched if after.get(name) != steady[name])
    assert not changed, f"refused requests changed {changed}"


def _records(route: Route) -> list[str]:
    return [p for p in route.params if p not in SCOPE_VALUES]


async def _call(
    client: httpx.AsyncClient, route: Route, values: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    url = f"{route.url}{_fill(route.path, values)}"
    query = {name: values.get(name, "") for name in route.required_query}
    body = _body(route, values)
    return await client.request(route.method, url, params=query, json=body, headers=headers)


async def _show_real_records(
    client: httpx.AsyncClient, routes: list[Route], candidates: Candidates, owner: str
) -> None:
    """Each record route answered 200 for its owner with some id; ids in the answers open further records."""
    for _ in range(2):  # an encounter names its coverage and provider: the second pass reads those
        for route in routes:
            if route.method != "GET" or not _records(route) or route.id in candidates.real:
                continue
            member = bearer(signer().mint(subject="owner", roles=sorted(route.roles), tenants=[owner]))
            for values in candidates.candidates(route, limit=80):
                response = await _call(client, route, values, member)
                if response.status_code == 200:
                    candidates.real[route.id] = values
                    if "json" in response.headers.get("content-type", ""):
                        _harvest(response.json(), candidates.ids)
                    break


async def _refusals(
    client: httpx.AsyncClient,
    route: Route,
    candidates: Candidates,
    owner: str,
    other: str,
    bad_tokens: dict[str, str],
) -> list[str]:
    wrong: list[str] = []

    def expect(what: str, response: httpx.Response, *statuses: int) -> None:
        if response.status_code not in statuses:
            wrong.append(
                f"{route} {what}: {response.status_code} (expected {statuses}) {response.text[:120]}"
            )

    values = next(candidates.candidates(route))
    anonymous = await _call(client, route, values, {})
    expect("without a token", anonymous, 401)
    if "WWW-Authenticate" not in anonymous.headers:
        wrong.append(f"{route} without a token: no WWW-Authenticate")
    for kind, token in bad_tokens.items():
        expect(f"with a token {kind}", await _call(client, route, values, bearer(token)), 401)
    allowed = sorted(route.roles)
    if not allowed:
        return [*wrong, f"{route} allows no role"]
    outside = [role for role in Role if role not in route.roles]
    lacking = signer().mint(subject="wrong-role", roles=outside, tenants=[owner])
    expect(f"with roles {outside or 'none'}", await _call(client, route, values, bearer(lacking)), 403)
    member = bearer(signer().mint(subject="member", roles=allowed, tenants=[owner]))
    expect(
        "naming a tenant the token lacks", await _call(client, route, values, {**member, TENANT: other}), 403
    )

    neighbour = bearer(signer().mint(subject="neighbour", roles=allowed, tenants=[other]))
    if _records(route):
        if route.method != "GET" and route.key not in COMMAND_BODIES:
            return [*wrong, f"{route}: a command on a record needs a valid body in COMMAND_BODIES"]
        for values in itertools.islice(candidates.candidates(route), 6):
            expect(f"for another tenant {values}", await _call(client, route, values, neighbour), 404)
    elif route.method == "GET":
        listed = await _call(client, route, values, neighbour)
        expect("listed for another tenant", listed, 200, 404)  # 404: a report on one of the owner's records
        owner_ids = {value for name in RECORD_IDS for value in candidates.ids.get(name, ())}
        leaked = sorted(value for value in owner_ids if value in listed.text)
        if leaked:
            wrong.append(f"{route} shows another tenant {len(leaked)} of the owner's ids")
    return wrong
