"""The 837P details a front desk enters (referring/supervising clinician, site, accident, onset, amount paid
at the visit, a drug line's NDC, the clinic's CLIA): bad input is a 422 naming the field, good input reaches
EncounterRegistered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from rcm_platform.testing.in_memory import InMemoryService
from rcm_registration.domain.identifiers import npi_is_valid
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas.events import EncounterRegistered
from registration_front_desk import FrontDesk, headers, new_key

REFERRING = {"npi": "1003000126", "provider_last_name": "Referrer", "provider_first_name": "Rita"}
SITE = {
    "site_id": "site-north",
    "site_name": "Sunrise North Satellite",
    "site_address": {"line1": "40 Elm St", "city": "Springfield", "state": "IL", "postal_code": "62703-0040"},
}
DRUG_LINE = {"procedure_code": "J1100", "drug": {"ndc": "00641-0376-21", "quantity": "1", "unit": "ML"}}


async def post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> httpx.Response:
    return await client.post(path, json=body, headers=headers(key=new_key()))


def locations(response: httpx.Response) -> list[list[str | int]]:
    assert response.status_code == 422, response.text
    return [error["loc"] for error in response.json()["detail"]]


async def _intake_at_a_clinic_with_clia_and_a_site(
    client: httpx.AsyncClient, desk: FrontDesk, clia_number: str = "14D0987654"
) -> dict[str, Any]:
    body = await desk.intake()
    clinic = desk.population.clinic().model_dump(mode="json", exclude={"tenant_id", "clinic_id"})
    clinic["clia_number"] = clia_number
    clinic_id = (await desk.post("/clinics", clinic | {"sites": [SITE]}))["clinic_id"]
    provider = desk.population.provider(clinic_id, "ignored").model_dump(
        mode="json", exclude={"tenant_id", "provider_id"}
    )
    provider_id = (await desk.post("/providers", provider))["provider_id"]
    return body | {"clinic_id": clinic_id, "rendering_provider_id": provider_id}


async def test_a_bad_clia_number_names_the_field(client: httpx.AsyncClient, desk: FrontDesk) -> None:
    clinic = desk.population.clinic().model_dump(mode="json", exclude={"tenant_id", "clinic_id"})
    response = await post(client, "/clinics", clinic | {"clia_number": "14X1234567"})
    assert locations(response) == [["body", "clia_number"]]
    assert "CLIA" in response.json()["detail"][0]["msg"]
    bad_site = SITE | {"npi": "1003000127"}
    assert locations(await post(client, "/clinics", clinic | {"sites": [bad_site]})) == [
        ["body", "sites", 0, "npi"]
    ]


async def test_bad_837p_details_on_an_encounter_each_name_their_field(
    client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    body = await _intake_at_a_clinic_with_clia_and_a_site(client, desk)
    bad_npi = REFERRING | {"npi": "1003000127"}
    assert locations(await post(client, "/encounters", body | {"referring_provider": bad_npi})) == [
        ["body", "referring_provider", "npi"]
    ]
    short_ndc = {"procedure_code": "J1100", "drug": {"ndc": "0641037621", "quantity": "1", "unit": "ML"}}
    assert locations(await post(client, "/encounters", body | {"selected_lines": [short_ndc]})) == [
        ["body", "selected_lines", 0, "drug", "ndc"]
    ]
    no_state = {"codes": ["AA"], "accident_date": "2025-03-01"}
    response = await post(client, "/encounters", body | {"related_causes": no_state})
    assert locations(response) == [["body", "related_causes"]]
    assert "accident_state" in response.json()["detail"][0]["msg"]
    assert locations(await post(client, "/encounters", body | {"onset_date": "2099-01-01"})) == [
        ["body", "onset_date"]
    ]
    assert locations(await post(client, "/encounters", body | {"service_site_id": "site-nope"})) == [
        ["body", "service_site_id"]
    ]
    assert locations(await post(client, "/encounters", body | {"amount_paid_at_visit": "-5.00"})) == [
        ["body", "amount_paid_at_visit"]
    ]


async def test_the_details_reach_encounter_registered(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    body = await _intake_at_a_clinic_with_clia_and_a_site(client, desk, clia_number="05d1234567")
    details = {
        "referring_provider": REFERRING,
        "supervising_provider": {"npi": "1003000126", "provider_last_name": "Boss"},
        "service_site_id": "site-north",
        "related_causes": {"codes": ["AA"], "accident_state": "il", "accident_date": "2025-02-20"},
        "onset_date": "2025-02-20",
        "amount_paid_at_visit": "25",
        "selected_lines": [{"procedure_code": "99213"}, DRUG_LINE],
    }
    response = await post(client, "/encounters", body | details)
    assert response.status_code == 201, response.text

    (event,) = world.published(EncounterRegistered)
    facts = event.facts
    assert facts.referring_provider is not None and facts.referring_provider.npi == "1003000126"
    assert facts.supervising_provider is not None and facts.supervising_provider.provider_last_name == "Boss"
    assert facts.service_site is not None and facts.service_site.site_name == "Sunrise North Satellite"
    assert facts.service_site.site_address.postal_code == "627030040"
    assert facts.clia_number == "05D1234567"
    assert facts.related_causes is not None and facts.related_causes.accident_state == "IL"
    assert facts.amount_paid_at_visit == Decimal("25.00")
    drug = event.selected_lines[1].drug
    assert drug is not None and (drug.ndc, drug.quantity, drug.unit) == ("00641037621", Decimal("1"), "ML")


def test_the_synthetic_clinic_has_a_clia_number_and_referrals_move_no_other_value() -> None:
    plain, asked = SyntheticPopulation(seed=5), SyntheticPopulation(seed=5)
    clinic = asked.clinic()
    assert clinic.clia_number is not None and clinic.clia_number[2] == "D" and len(clinic.clia_number) == 10
    referring = asked.referring_provider("enc-1")
    assert npi_is_valid(referring.npi) and referring == SyntheticPopulation(seed=9).referring_provider(
        "enc-1"
    )
    plain.clinic()
    assert plain.patient("p1") == asked.patient(
        "p1"
    )  # asking for a referral drew nothing from the main source
