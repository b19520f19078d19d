"""An unusual but legal name travels from the front desk to the 837P intact, and the file passes pyx12: the
X12 text rule refuses only what would break the file, never apostrophes or hyphens."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import date

import httpx
import pytest
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_x12.pyx12_validation import pyx12_problems
from rcmctl.workload.encounters import plan_encounters
from rcmctl.workload.front_desk import ClinicDesk
from rcmctl.workload.profiles import PROFILES, DefectRates

pytestmark = pytest.mark.stack

ENCOUNTERS = 3


async def test_an_apostrophe_hyphen_name_reaches_the_837p_intact_and_it_validates(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    tenant = f"x12-{uuid.uuid4().hex[:6]}"
    population = SyntheticPopulation(seed=41, tenant_id=tenant)
    profile = PROFILES[0]
    plans = plan_encounters(
        profile,
        ENCOUNTERS,
        seed=41,
        today=date.today(),
        defects=DefectRates(registration=0, coding=0, bundling=0),
    )
    urls = {proc.name: proc.url for proc in fleet.processes}  # type: ignore[attr-defined]
    async with httpx.AsyncClient(
        base_url=urls["registration"], headers=headers_for_tenant(tenant), timeout=60
    ) as client:
        desk = ClinicDesk(profile, tenant, client, population)
        await desk.open()
        patient = population.patient("ignored").model_dump(mode="json", exclude={"tenant_id", "patient_id"})
        patient |= {"first_name": "Zo\u00eb", "last_name": "O'BRIEN-SMITH"}
        created = await client.post("/patients", json=patient, headers={"Idempotency-Key": uuid.uuid4().hex})
        assert created.status_code == 201, created.text
        for plan in plans:  # every planned visit is this patient's
            desk.patient_ids[plan.patient_index] = created.json()["patient_id"]
            await desk.register(plan)

    submitted = await read_events(
        kafka_bootstrap,
        f"{unique_name}.rcm.claims.events",
        at_least=1,
        timeout_s=120,
        event_type="ClaimSubmitted",
    )
    assert submitted, "no claim reached the clearinghouse"
    for message in submitted:
        text = message.payload.x12_837p  # type: ignore[attr-defined]
        assert re.search(r"~NM1\*(IL|QC)\*1\*O'BRIEN-SMITH\*Zoe[*~]", text), "the name is not in NM1 intact"
        assert pyx12_problems(text) == []
