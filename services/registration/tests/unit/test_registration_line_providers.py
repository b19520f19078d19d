"""A line's own clinicians (ordering, referring, supervising, rendering: 837P 2420E/F/D/A), entered with the
line: a bad NPI is a 422 naming the line and field, a good one reaches EncounterRegistered on its line."""

from __future__ import annotations

from typing import Any

import httpx
from rcm_platform.testing.in_memory import InMemoryService
from rcm_schemas.events import EncounterRegistered
from rcm_schemas.events.claim_details import ProviderReference
from registration_front_desk import FrontDesk, headers, new_key

ORDERING = {"npi": "1003000126", "provider_last_name": "Orderer", "provider_first_name": "Olga"}
REFERRING = {"npi": "1245319599", "provider_last_name": "Referrer"}


async def _post_encounter(client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await client.post("/encounters", json=body, headers=headers(key=new_key()))


async def test_a_bad_line_provider_npi_names_the_line_and_the_field(
    client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    body = await desk.intake()
    for field in ("ordering_provider", "referring_provider", "supervising_provider", "rendering_provider"):
        lab = {"procedure_code": "85025", field: ORDERING | {"npi": "1003000127"}}  # check digit off by one
        response = await _post_encounter(
            client, body | {"selected_lines": [{"procedure_code": "99213"}, lab]}
        )
        assert response.status_code == 422, response.text
        assert [error["loc"] for error in response.json()["detail"]] == [
            ["body", "selected_lines", 1, field, "npi"]
        ]
    unnamed = {"procedure_code": "85025", "ordering_provider": {"npi": "1003000126"}}
    response = await _post_encounter(client, body | {"selected_lines": [unnamed]})
    assert [error["loc"] for error in response.json()["detail"]] == [
        ["body", "selected_lines", 0, "ordering_provider", "provider_last_name"]
    ]


async def test_line_providers_reach_encounter_registered_on_their_line(
    world: InMemoryService, client: httpx.AsyncClient, desk: FrontDesk
) -> None:
    body = await desk.intake()
    lines = [
        {"procedure_code": "99213"},
        {"procedure_code": "85025", "ordering_provider": ORDERING, "referring_provider": REFERRING},
    ]
    response = await _post_encounter(client, body | {"selected_lines": lines})
    assert response.status_code == 201, response.text

    (event,) = world.published(EncounterRegistered)
    office_visit, lab = event.selected_lines
    assert office_visit.ordering_provider is None and office_visit.referring_provider is None
    assert lab.ordering_provider == ProviderReference(
        npi="1003000126", provider_last_name="Orderer", provider_first_name="Olga"
    )
    assert lab.referring_provider == ProviderReference(npi="1245319599", provider_last_name="Referrer")
    assert lab.supervising_provider is None and lab.rendering_provider is None
