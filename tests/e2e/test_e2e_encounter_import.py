"""`rcm import encounters FILE`: an EHR feed registered through the registration service as a process.

A feed with good lines (with and without their own keys), an unreadable line, a line the service rejects (an
unknown patient), a line its request schema refuses (the batch is sent again without it) and a key used twice:
every good line is registered, each bad one is named by its line and field and written to FILE.rejected, and
importing the same file again registers nothing twice.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.synthetic_population import SyntheticPopulation
from rcmctl.workload.encounters import plan_encounters
from rcmctl.workload.front_desk import ClinicDesk
from rcmctl.workload.profiles import PROFILES, DefectRates

pytestmark = pytest.mark.stack


def rcm_import(feed: Path, tenant: str, url: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "rcm"), "import", "encounters", str(feed)]
    command += ["--tenant", tenant, "--url", url, "--batch-size", "3"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


async def test_a_feed_is_registered_once_and_each_bad_line_is_named(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    fleet.services = ("registration",)
    await asyncio.to_thread(fleet.start)
    url = fleet.url("registration")
    tenant = f"imp-{uuid.uuid4().hex[:6]}"
    plans = plan_encounters(
        PROFILES[0], 5, seed=53, today=date.today(), defects=DefectRates(registration=0, coding=0)
    )
    async with httpx.AsyncClient(base_url=url, headers=headers_for_tenant(tenant), timeout=60) as client:
        desk = ClinicDesk(PROFILES[0], tenant, client, SyntheticPopulation(seed=53, tenant_id=tenant))
        await desk.open()
        bodies = [await desk.encounter_body(plan) for plan in plans]

    unknown_patient = {**bodies[0], "patient_id": "pat-not-in-this-clinic", "note_text": "another visit"}
    bad_units = {**bodies[1], "selected_lines": [{**bodies[1]["selected_lines"][0], "units": "many"}]}
    lines = [
        json.dumps({"idempotency_key": "visit-1", "encounter": bodies[0]}),  # 1
        json.dumps(bodies[1]),  # 2: no key, one is derived from its content
        "{not json",  # 3
        json.dumps({"idempotency_key": "visit-4", "encounter": unknown_patient}),  # 4
        "",  # a blank line is skipped
        json.dumps({"idempotency_key": "visit-5", "encounter": bad_units}),  # 6
        json.dumps({"idempotency_key": "visit-3", "encounter": bodies[2]}),  # 7
        json.dumps({"idempotency_key": "visit-1", "encounter": bodies[3]}),  # 8: key of line 1 again
        json.dumps(bodies[3]),  # 9
        json.dumps({"idempotency_key": "visit-10", "encounter": bodies[4]}),  # 10
    ]
    feed = tmp_path / "feed.ndjson"
    feed.write_text("\n".join(lines) + "\n")

    first = await asyncio.to_thread(rcm_import, feed, tenant, url)
    assert first.returncode == 1, first.stdout + first.stderr
    out = first.stdout
    assert "5 registered, 4 rejected" in out, out
    assert "line 3: not JSON" in out
    assert "line 4: patient_id" in out
    assert "line 6: selected_lines.0.units" in out, out
    assert "line 8: idempotency_key: already used on line 1" in out
    rejected_file = tmp_path / "feed.ndjson.rejected"
    assert rejected_file.read_text().splitlines() == [lines[2], lines[3], lines[5], lines[7]]

    # The same file again: each good line is answered as registered, and no encounter is registered twice.
    second = await asyncio.to_thread(rcm_import, feed, tenant, url)
    assert "5 registered, 4 rejected" in second.stdout, second.stdout
    topic = f"{unique_name}.rcm.registration.events"
    registered = await read_events(
        kafka_bootstrap, topic, at_least=5, timeout_s=10, event_type="EncounterRegistered"
    )
    ids = [m.payload.encounter_id for m in registered if m.envelope.tenant_id == tenant]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids)) == 5
