"""The Mongo document shape of the encounter aggregate, and the ids the service assigns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rcm_registration.adapters.eligibility_simulator import SimulatedEligibilityGateway
from rcm_registration.adapters.encounter_repository import encounter_document, encounter_from_document
from rcm_registration.adapters.record_ids import record_id
from rcm_registration.domain.encounter import Encounter, encounter_id_of, work_item_id_for
from rcm_registration.domain.people import Patient
from rcm_registration.service.registration import register_encounter
from rcm_registration.synthetic_population import SyntheticPopulation

TODAY = date(2025, 3, 10)


async def test_eligibility_money_is_stored_as_integer_cents_and_restored_as_decimal(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=date(2024, 1, 1))
    registered = (
        await register_encounter(make_encounter((coverage,)), gateway, work_item_id="wi-1", today=TODAY)
    ).encounter
    assert registered.eligibility is not None and registered.eligibility.copay is not None

    document = encounter_document(registered)

    stored = document["eligibility"]
    assert stored["copay_cents"] == int(registered.eligibility.copay * 100) and "copay" not in stored
    assert isinstance(stored["deductible_remaining_cents"], int)
    assert encounter_from_document(document) == registered


def test_ids_follow_the_idempotency_key_within_a_tenant() -> None:
    first = record_id("enc", tenant_id="t1", idempotency_key="k1")
    assert first == record_id("enc", tenant_id="t1", idempotency_key="k1")
    assert first != record_id("enc", tenant_id="t2", idempotency_key="k1")
    assert record_id("enc", tenant_id="t1", idempotency_key=None) != record_id(
        "enc", tenant_id="t1", idempotency_key=None
    )
    assert first.startswith("enc-") and len(first) == len("enc-") + 32  # an EntityId, as before
    assert encounter_id_of(work_item_id_for(first)) == first and encounter_id_of("other-1") is None
