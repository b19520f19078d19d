"""The audit trail and the tamper-evident ledger, on the seven services as processes after a real workload.

- A read of a patient is in registration's trail with the token's subject and role, readable by an auditor only,
  and only within the auditor's tenant.
- The remittance service records each claim it posts from an 835 (actor: the service; why: trace and payer), and
  the claims service each claim it releases on its own.
- `rcm audit verify` finds every chain intact; after one ledger entry is changed with a plain Mongo client it
  fails naming that entry, and the service's own self-check says the same in /health/ready and /metrics.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.synthetic_population import SyntheticPopulation
from rcmctl.workload.encounters import plan_encounters
from rcmctl.workload.front_desk import ClinicDesk
from rcmctl.workload.profiles import PROFILES, DefectRates

pytestmark = pytest.mark.stack

ENCOUNTERS = 4


def rcm(*args: str, mongo_uri: str) -> subprocess.CompletedProcess[str]:
    """The CLI on the test's store (the local stack's, or the containers' with RCM_TEST_STACK=containers)."""
    command = [str(Path(sys.executable).parent / "rcm"), *args]
    env = {**os.environ, "RCM_MONGO_URI": mongo_uri}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, env=env)


async def _audit(url: str, headers: dict[str, str], **params: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        return await client.get("/audit", params=params)


async def _ledger_documents(mongo_uri: str, database: str) -> list[dict[str, Any]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    try:
        return [document async for document in client[database]["ledger"].find({})]
    finally:
        await client.close()


async def _wait_for_claims_sent(bootstrap: str, topic: str, limit_s: float = 180) -> None:
    """Until the claims sent stop growing: days passed before a claim reaches the payer would not age it, and a
    busy machine can take a while to carry four visits through coding and the scrubber."""
    deadline = asyncio.get_running_loop().time() + limit_s
    seen = -1
    while asyncio.get_running_loop().time() < deadline:
        sent = len(await read_events(bootstrap, topic, timeout_s=2, event_type="ClaimSubmitted"))
        if sent and sent == seen:
            return
        seen = sent
        await asyncio.sleep(2)
    raise AssertionError(f"no claim went out within {limit_s:.0f} s")


async def test_reads_and_postings_are_audited_and_a_changed_ledger_entry_is_named(
    fleet_factory: object, kafka_bootstrap: str, mongo_uri: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    fleet.env["RCM_REMITTANCE_CHAIN_CHECK_INTERVAL_S"] = "1"
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    tenant = f"aud-{uuid.uuid4().hex[:6]}"
    plans = plan_encounters(
        PROFILES[0], ENCOUNTERS, seed=47, today=date.today(), defects=DefectRates(registration=0, coding=0)
    )
    async with httpx.AsyncClient(
        base_url=urls["registration"], headers=headers_for_tenant(tenant), timeout=60
    ) as client:
        desk = ClinicDesk(PROFILES[0], tenant, client, SyntheticPopulation(seed=47, tenant_id=tenant))
        await desk.open()
        for plan in plans:
            await desk.register(plan)
    patient_id = next(iter(desk.patient_ids.values()))

    # A front-desk user reads a patient: the trail names who, as what, which record, and the outcome.
    async with httpx.AsyncClient(base_url=urls["registration"], timeout=30) as client:
        response = await client.get(
            f"/patients/{patient_id}", headers=as_user(Role.front_desk, tenant, subject="fd-7")
        )
        assert response.status_code == 200
    auditor = as_user(Role.auditor, tenant, subject="aud-1")
    response = await _audit(urls["registration"], auditor, actor="fd-7")
    assert response.status_code == 200, response.text[:300]
    [read] = response.json()
    assert read["action"] == "GET /patients/{patient_id}" and read["target"] == {"patient_id": patient_id}
    assert (read["role"], read["outcome"], read["source"], read["service"]) == (
        "front_desk",
        "200",
        "http",
        "registration",
    )
    assert (await _audit(urls["registration"], as_user(Role.front_desk, tenant))).status_code == 403
    other = await _audit(urls["registration"], as_user(Role.auditor, f"{tenant}-x"), actor="fd-7")
    assert other.status_code == 200 and other.json() == []
    listed = rcm(
        "audit", "list", "--tenant", tenant, "--actor", "fd-7", "--prefix", unique_name, mongo_uri=mongo_uri
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "1 entry for tenant" in listed.stdout and patient_id in listed.stdout, listed.stdout

    # Payer days pass, once the visits' claims went out, until an 835 pays a claim. The first remittance event may
    # be a denial or a patient's share, so the days go on until a PaymentPosted is among them.
    prefix = f"{unique_name}."
    await _wait_for_claims_sent(kafka_bootstrap, f"{prefix}rcm.claims.events")
    posted: list[Any] = []
    async with httpx.AsyncClient(
        base_url=urls["clearinghouse"], headers=headers_for_tenant(tenant), timeout=120
    ) as client:
        for _ in range(60):
            assert (await client.post("/simulator/advance", json={"days": 1})).status_code == 200
            posted = await read_events(
                kafka_bootstrap, f"{prefix}rcm.remittance.events", timeout_s=1, event_type="PaymentPosted"
            )
            if posted:
                break
    assert posted, "no 835 paid a claim within 60 payer days"
    claim_id = str(posted[0].payload.claim_id)  # type: ignore[attr-defined]
    response = await _audit(urls["remittance"], auditor, target_id=claim_id, action="post remittance")
    [posting] = response.json()
    assert posting["actor"] == "service:remittance" and posting["source"] == "event"
    assert posting["why"].startswith("835 trace ") and posting["target"]["claim_id"] == claim_id
    # The claim's release was decided by the claims service itself, from the coded encounter.
    released = (await _audit(urls["claims"], auditor, target_id=claim_id, action="release claim")).json()
    assert [(entry["actor"], entry["target"]) for entry in released] == [
        ("service:claims", {"claim_id": claim_id})
    ]

    verified = rcm("audit", "verify", "--prefix", unique_name, mongo_uri=mongo_uri)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{unique_name}_remittance.ledger: intact" in verified.stdout
    assert f"{unique_name}_registration.audit_trail: intact" in verified.stdout

    # Someone with store access raises one entry's amount.
    database = f"{unique_name}_remittance"
    entries = await _ledger_documents(mongo_uri, database)
    # Any entry of the tenant: the first 835 may hold only a denial (adjustments, no payment entry).
    victim = next(entry for entry in entries if entry["tenant_id"] == tenant and entry["amount_cents"])
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    try:
        await client[database]["ledger"].update_one(
            {"_id": victim["_id"]}, {"$set": {"amount_cents": victim["amount_cents"] + 10_000}}
        )
    finally:
        await client.close()

    verified = rcm("audit", "verify", "--prefix", unique_name, mongo_uri=mongo_uri)
    assert verified.returncode == 1
    broken = [line for line in verified.stdout.replace("\n", " ").split(f"{database}.ledger: BROKEN")[1:]]
    assert broken and victim["entry_id"] in broken[0] and "altered" in broken[0], verified.stdout

    async with httpx.AsyncClient(base_url=urls["remittance"], timeout=10) as client:
        for _ in range(30):  # the service walks its chains every second in this test
            detail = (await client.get("/health/ready")).json()["integrity"]["ledger"]
            if detail.startswith("broken"):
                break
            await asyncio.sleep(0.5)
        assert detail.startswith("broken") and victim["entry_id"] in detail, detail
        metrics = (await client.get("/metrics")).text
        assert 'rcm_chain_intact{chain="ledger"} 0.0' in metrics
        assert 'rcm_chain_intact{chain="audit_trail"} 1.0' in metrics
