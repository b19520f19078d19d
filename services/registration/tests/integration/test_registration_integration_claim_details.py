"""The 837P details on the real stack: stored with the encounter and published on EncounterRegistered v2 as
the front desk entered them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_registration.settings import RegistrationSettings
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas.events import EncounterRegistered
from registration_front_desk import FrontDesk, headers, new_key

pytestmark = pytest.mark.stack


async def test_the_details_are_stored_and_published(
    registration: Service, client: httpx.AsyncClient, registration_settings: RegistrationSettings
) -> None:
    desk = FrontDesk(client, SyntheticPopulation(seed=12))
    intake = await desk.intake(payer_id="CCPPO")  # Northwind wants a prior authorisation for J3301
    details = {
        "referring_provider": {"npi": "1003000126", "provider_last_name": "Referrer"},
        "related_causes": {"codes": ["AA"], "accident_state": "IL", "accident_date": "2025-02-27"},
        "onset_date": "2025-02-27",
        "amount_paid_at_visit": "30.00",
        "selected_lines": [
            {"procedure_code": "99213"},
            {
                "procedure_code": "J3301",
                "units": 4,
                "drug": {"ndc": "00003029320", "quantity": "4", "unit": "ML"},
            },
        ],
    }

    response = await client.post("/encounters", json=intake | details, headers=headers(key=new_key()))

    assert response.status_code == 201, response.text
    topic = registration_settings.topic("rcm.registration.events")
    (event,) = await read_events(registration_settings.kafka_bootstrap, topic, at_least=1)
    registered = event.payload
    assert isinstance(registered, EncounterRegistered)
    facts = registered.facts
    assert facts.referring_provider is not None and facts.referring_provider.provider_last_name == "Referrer"
    assert facts.related_causes is not None and facts.related_causes.accident_date == date(2025, 2, 27)
    assert facts.onset_date == date(2025, 2, 27) and facts.amount_paid_at_visit == Decimal("30.00")
    assert facts.clia_number is not None  # the synthetic clinic has one
    drug = registered.selected_lines[1].drug
    assert drug is not None and drug.ndc == "00003029320"
