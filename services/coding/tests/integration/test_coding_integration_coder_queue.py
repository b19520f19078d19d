"""The coder queue on the real stack: list, take, approve with edits via the HTTP API -> EncounterCoded."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from coding_harness import coding_events, of_encounter, running_coding, send
from coding_scenarios import TENANT, office_visit, wire
from rcm_coding.settings import CodingSettings
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.waiting import wait_for

pytestmark = pytest.mark.stack
HEADERS = as_user(Role.coder, TENANT, subject="coder.kim")


def client_for(service: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=service.http), base_url="http://coding", headers=HEADERS
    )


async def test_a_coder_approving_a_work_item_through_the_api_yields_encounter_coded(
    coding_settings: CodingSettings,
) -> None:
    async with running_coding(coding_settings) as service, client_for(service) as api:
        await send(service, coding_settings, wire(office_visit("enc-queue", diagnoses=("E11",))), "enc-queue")
        review = (await coding_events(coding_settings, at_least=1))[0]
        work_item_id = review.payload.work_item_id  # type: ignore[attr-defined]

        listed = await api.get("/work-items", params={"status": "open"})
        assert listed.status_code == 200
        assert [item["work_item_id"] for item in listed.json()] == [work_item_id]
        assert (await api.get("/work-items", headers=headers_for_tenant("other-clinic"))).json() == []
        detail = (await api.get(f"/work-items/{work_item_id}")).json()
        assert detail["note_text"] and detail["findings"][0]["rule_id"] == "COD-DX-BILLABLE"

        taken = await api.post(f"/work-items/{work_item_id}/take", json={})
        assert taken.status_code == 202 and taken.json()["command_id"]
        refused = await api.post(
            f"/work-items/{work_item_id}/approve",
            json={
                "diagnoses": ["E11"],
                "lines": [{"line_number": 1, "procedure_code": "99213", "diagnosis_pointers": [1]}],
            },
        )
        assert refused.status_code == 422 and "COD-DX-BILLABLE" in refused.text
        assert refused.json()["detail"][0]["loc"] == ["body", "diagnoses", 0]
        approved = await api.post(
            f"/work-items/{work_item_id}/approve",
            json={
                "diagnoses": ["I10", "E11.9"],
                "lines": [{"line_number": 1, "procedure_code": "99214", "diagnosis_pointers": [1, 2]}],
            },
        )
        assert approved.status_code == 202, approved.text

        events = await coding_events(coding_settings, at_least=2)
        coded = of_encounter(events, "enc-queue", "EncounterCoded")
        assert len(coded) == 1
        payload = coded[0].payload
        assert (payload.coded_by, payload.coder_id) == ("coder", "coder.kim")  # type: ignore[attr-defined]
        assert payload.diagnoses == ("I10", "E119")  # type: ignore[attr-defined]
        assert [(line.procedure_code, line.diagnosis_pointers) for line in payload.lines] == [
            ("99214", (1, 2))
        ]  # type: ignore[attr-defined]

        coding = (await api.get("/encounters/enc-queue/coding")).json()
        again = await api.post(
            f"/work-items/{work_item_id}/take",
            json={},
            headers=as_user(Role.coder, TENANT, subject="coder.lee"),
        )
    assert coding["status"] == "coded" and coding["coded_by"] == "coder"
    assert coding["work_item"]["status"] == "approved"
    changes = [(a["who"], a["field"], a["before"], a["after"]) for a in coding["audit"]]
    assert changes == [
        ("coder.kim", "coder_id", "", "coder.kim"),
        ("coder.kim", "diagnoses", "E11", "I10 E119"),
        ("coder.kim", "line 1", "1:99213 x1 ptr 1", "1:99214 x1 ptr 1,2"),
        ("coder.kim", "status", "taken", "approved"),
    ]
    assert all(a["at"] for a in coding["audit"])
    assert again.status_code == 409


async def test_bad_input_is_a_422_naming_the_field(coding_settings: CodingSettings) -> None:
    service_settings = coding_settings
    async with running_coding(service_settings) as service, client_for(service) as api:
        no_tenant = await api.get(
            "/work-items", headers=headers_for_tenant("other-clinic") | {"X-Tenant-Id": TENANT}
        )
        bad_code = await api.post(
            "/work-items/cwi-x/approve",
            json={
                "diagnoses": ["not a code"],
                "lines": [{"line_number": 1, "procedure_code": "99213"}],
            },
        )
        missing = await api.get("/encounters/enc-nowhere/coding")
    assert no_tenant.status_code == 403 and "X-Tenant-Id" in no_tenant.text  # a tenant the token lacks
    assert bad_code.status_code == 422 and "diagnoses" in bad_code.text
    assert missing.status_code == 404


async def test_the_upcoding_report_flags_a_provider_billing_high_levels(
    coding_settings: CodingSettings,
) -> None:
    levels = {"1245319599": ["99215"] * 15 + ["99214"] * 10, "1003000126": ["99213"] * 20 + ["99214"] * 5}
    async with running_coding(coding_settings) as service, client_for(service) as api:
        count = 0
        for npi, codes in levels.items():
            for number, code in enumerate(codes):
                visit = office_visit(f"enc-up-{npi}-{number}", procedure=code)
                facts = visit.facts.model_copy(
                    update={
                        "rendering_provider": visit.facts.rendering_provider.model_copy(update={"npi": npi})
                    }
                )
                await send(
                    service,
                    coding_settings,
                    wire(visit.model_copy(update={"facts": facts})),
                    visit.encounter_id,
                )
                count += 1

        async def all_coded() -> bool:
            report = (await api.get("/reports/upcoding", params={"clinic_id": "clinic-sunrise-main"})).json()
            return sum(p["visits"] for p in report["providers"]) == count

        await wait_for(all_coded, 60.0, what="all coded")
        report = (await api.get("/reports/upcoding", params={"clinic_id": "clinic-sunrise-main"})).json()
    assert report["flagged"] == ["1245319599"]
    flagged = next(p for p in report["providers"] if p["provider_id"] == "1245319599")
    assert flagged["reasons"] and flagged["high_level_share"] == 1.0
