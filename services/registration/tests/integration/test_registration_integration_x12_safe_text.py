"""Text that will be written into an 837P is checked at the door: nothing that could break out of its element
is stored, the 422 names the field without quoting it, and accents are dropped as documented (é -> e)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.phi_guard import remember_phi
from rcm_registration.synthetic_population import SyntheticPopulation
from registration_front_desk import headers, new_key

pytestmark = pytest.mark.stack

HOSTILE = {
    "segment injection": "DOE~NM1*IL*1*EVIL*X~",
    "NUL byte": "DOE\x00X",
    "newline": "DOE\nSMITH",
    "emoji": "DOE \U0001f600",
    "component separator": "DOE:SMITH",
    "repetition separator": "DOE^SMITH",
}


def _patient() -> dict[str, Any]:
    patient = SyntheticPopulation(seed=31).patient("ignored")
    return patient.model_dump(mode="json", exclude={"tenant_id", "patient_id"})


@pytest.mark.parametrize("kind", HOSTILE)
async def test_a_name_or_address_that_could_break_the_837p_is_refused_naming_the_field(
    kind: str, registration: Service, client: httpx.AsyncClient
) -> None:
    value = HOSTILE[kind]
    for path in (("last_name",), ("first_name",), ("address", "line1"), ("address", "city")):
        body = _patient()
        target = body
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        answer = await client.post("/patients", json=body, headers=headers(key=new_key()))
        assert answer.status_code == 422, (kind, path)
        assert answer.json()["detail"][0]["loc"] == ["body", *path]
        assert "X12 character set" in answer.json()["detail"][0]["msg"]
        assert value not in answer.text and "EVIL" not in answer.text
    assert await registration.db["patients"].count_documents({}) == 0


async def test_accents_are_dropped_and_legal_punctuation_is_kept(client: httpx.AsyncClient) -> None:
    body = _patient()
    body["first_name"], body["last_name"] = "José", "O'BRIEN-SMITH Núñez"
    remember_phi("José", "O'BRIEN-SMITH Núñez", "O'BRIEN-SMITH Nunez")
    answer = await client.post("/patients", json=body, headers=headers(key=new_key()))
    assert answer.status_code == 201
    stored = (await client.get(f"/patients/{answer.json()['patient_id']}", headers=headers())).json()
    assert (stored["first_name"], stored["last_name"]) == ("Jose", "O'BRIEN-SMITH Nunez")


async def test_a_coverage_member_id_and_group_with_delimiters_are_refused(client: httpx.AsyncClient) -> None:
    patient = await client.post("/patients", json=_patient(), headers=headers(key=new_key()))
    patient_id = patient.json()["patient_id"]
    for field, value in (("member_id", "1EG4TE5MK73~REF"), ("group_number", "GRP*1")):
        body = {"payer_id": "MCR01", "member_id": "1EG4TE5MK73", "relationship_code": "18"}
        body |= {"effective_date": "2025-01-01", field: value}
        answer = await client.post(
            f"/patients/{patient_id}/coverages", json=body, headers=headers(key=new_key())
        )
        assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", field]
        assert value not in answer.text
