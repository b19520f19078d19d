"""PHI at rest and on the broker: after encounters run through the real services, the store's files and Kafka's
log segments hold none of the patients' names, birth dates or member ids in clear, while ids that are not PHI
(claim ids) are found in the same files, so the search itself is shown to work.
"""

from __future__ import annotations

import asyncio
import re
import stat
import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest
from rcm_platform.testing import StackEndpoints
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.kafka_reading import read_events
from rcm_platform.testing.phi_guard import remember_phi
from rcm_registration.synthetic_population import SyntheticPopulation
from rcmctl.workload.encounters import plan_encounters
from rcmctl.workload.front_desk import ClinicDesk
from rcmctl.workload.profiles import PROFILES, DefectRates

pytestmark = pytest.mark.stack

ENCOUNTERS = 8


def _files_of_run(ferretdb_data: Path, kafka_data: Path, prefix: str) -> tuple[list[Path], list[Path]]:
    """The run's own files only: the stack keeps other runs' data, written before PHI was sealed."""
    store = [p for p in ferretdb_data.iterdir() if p.name.startswith(prefix) and p.is_file()]
    logs = [
        f
        for d in kafka_data.iterdir()
        if d.name.startswith(prefix)
        for f in d.iterdir()
        if f.suffix == ".log"
    ]
    return store, logs


def _found(files: list[Path], values: set[str]) -> dict[str, list[str]]:
    """Values standing alone in the bytes. A value in clear sits between quotes, NULs or X12 delimiters; inside a
    run of base64 ciphertext a four-letter name turns up by chance every few megabytes, which is no leak."""
    patterns = {
        value: re.compile(rb"(?<![A-Za-z0-9+/_-])" + re.escape(value.encode()) + rb"(?![A-Za-z0-9+/_-])")
        for value in values
    }
    hits: dict[str, list[str]] = {}
    for path in files:
        content = path.read_bytes()
        for value, pattern in patterns.items():
            if pattern.search(content):
                hits.setdefault(value, []).append(path.name)
    return hits


async def test_no_name_birth_date_or_member_id_is_in_clear_in_the_store_files_or_kafka_logs(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str, rcm_stack: StackEndpoints, tmp_path: Path
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    tenant = f"phi-{uuid.uuid4().hex[:6]}"
    phi: set[str] = set()

    def remember(*values: object) -> None:
        remember_phi(*values)
        for value in values:
            text = str(value)
            if len(text) >= 4:  # shorter names would match innocent bytes
                phi.add(text)
                if len(text) == 10 and text[4] == "-" and text[7] == "-":
                    phi.add(text.replace("-", ""))  # the X12 form of a date (D8)

    profile = PROFILES[0]
    plans = plan_encounters(
        profile, ENCOUNTERS, seed=31, today=date.today(), defects=DefectRates(registration=0, coding=0)
    )
    urls = {proc.name: proc.url for proc in fleet.processes}
    headers = headers_for_tenant(tenant)
    async with httpx.AsyncClient(base_url=urls["registration"], headers=headers, timeout=60) as client:
        desk = ClinicDesk(
            profile, tenant, client, SyntheticPopulation(seed=31, tenant_id=tenant), remember_phi=remember
        )
        await desk.open()
        for plan in plans:
            await desk.register(plan)

    prefix = f"{unique_name}."
    submitted = await read_events(
        kafka_bootstrap, f"{prefix}rcm.claims.events", at_least=1, timeout_s=120, event_type="ClaimSubmitted"
    )
    assert submitted, "no claim reached the clearinghouse"
    # A subscriber holding the tenant's key reads the PHI fields in clear (read_events opens them).
    assert submitted[0].payload.x12_837p.startswith("ISA")  # type: ignore[attr-defined]
    async with httpx.AsyncClient(base_url=urls["clearinghouse"], headers=headers, timeout=120) as client:
        for _ in range(40):  # payer days pass until remittances (835s, with names and member ids) come back
            response = await client.post("/simulator/advance", json={"days": 1})
            assert response.status_code == 200, response.text[:200]
            remits = await read_events(kafka_bootstrap, f"{prefix}rcm.clearinghouse.remittances", timeout_s=1)
            if remits:
                break
    assert remits, "no remittance came back"
    await asyncio.sleep(3)  # let remittance store what it received

    store_files, kafka_logs = _files_of_run(*rcm_stack.data_dirs(tmp_path), unique_name)
    assert store_files and kafka_logs
    assert phi, "the front desk sent no PHI"
    assert _found(store_files, phi) == {}, "PHI in clear in the store's files"
    assert _found(kafka_logs, phi) == {}, "PHI in clear in Kafka's log segments"
    claim_ids = {str(message.payload.claim_id) for message in submitted}  # type: ignore[attr-defined]
    assert _found(store_files, claim_ids), "the search finds ids that are not PHI in the store's files"
    assert _found(kafka_logs, claim_ids), "the search finds ids that are not PHI in Kafka's log segments"


def test_the_stack_data_folders_are_private(rcm_stack: StackEndpoints, tmp_path: Path) -> None:
    for folder in rcm_stack.data_dirs(tmp_path):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, f"{folder} is readable by other users"
