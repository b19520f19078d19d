from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from rcm_codesets import payer
from rcm_registration.adapters.eligibility_simulator import SimulatedEligibilityGateway
from rcm_registration.domain.correction import RegistrationCorrection
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.people import Patient
from rcm_registration.service.registration import correct_registration, register_encounter
from rcm_registration.synthetic_population import SyntheticPopulation

TODAY = date(2025, 3, 10)
EFFECTIVE = date(2024, 1, 1)


@pytest.fixture
def terminated_encounter(
    population: SyntheticPopulation, patient: Patient, make_encounter: Callable[..., Encounter]
) -> Encounter:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=EFFECTIVE, terminated=True)
    return make_encounter((coverage,))


async def test_complete_encounter_is_registered_with_its_eligibility(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    encounter = make_encounter((population.coverage(patient, "NWHP1", "cov-1", effective=EFFECTIVE),))
    decision = await register_encounter(encounter, gateway, work_item_id="wi-1", today=TODAY)
    assert decision.outcome == "registered" and decision.problems == ()
    assert decision.encounter.status == "registered"
    assert decision.encounter.eligibility is not None and decision.encounter.eligibility.active
    assert decision.encounter.work_item_id is None
    again = await register_encounter(decision.encounter, gateway, work_item_id="wi-1", today=TODAY)
    assert again.outcome == "unchanged" and len(gateway.requests) == 1


async def test_self_pay_registers_without_asking_a_payer(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    encounter = make_encounter((population.coverage(patient, "SELF", "cov-1", effective=EFFECTIVE),))
    decision = await register_encounter(encounter, gateway, work_item_id="wi-1", today=TODAY)
    assert decision.outcome == "registered" and gateway.requests == []


async def test_terminated_coverage_is_incomplete_with_a_work_item(
    terminated_encounter: Encounter, gateway: SimulatedEligibilityGateway
) -> None:
    decision = await register_encounter(terminated_encounter, gateway, work_item_id="wi-1", today=TODAY)
    assert decision.outcome == "incomplete"
    assert [p.code for p in decision.problems] == ["coverage_inactive"]
    assert decision.problems[0].field == "coverage_ids[0]"
    assert decision.encounter.work_item_id == "wi-1" and decision.encounter.eligibility is not None


async def test_missing_subscriber_prior_auth_and_documentation_are_problems(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=EFFECTIVE).model_copy(
        update={"relationship_code": "01"}
    )
    encounter = make_encounter((coverage,), note_text="", selected_lines=({"procedure_code": "20610"},))
    decision = await register_encounter(encounter, gateway, work_item_id="wi-1", today=TODAY)
    assert {p.code for p in decision.problems} == {"subscriber_missing", "prior_auth_missing"}
    no_docs = make_encounter(
        (coverage.model_copy(update={"relationship_code": "18"}),), note_text="", selected_lines=()
    )
    decision = await register_encounter(no_docs, gateway, work_item_id="wi-2", today=TODAY)
    assert [p.code for p in decision.problems] == ["documentation_missing"]


async def test_no_coverage_is_incomplete(
    make_encounter: Callable[..., Encounter], gateway: SimulatedEligibilityGateway
) -> None:
    decision = await register_encounter(make_encounter(()), gateway, work_item_id="wi-1", today=TODAY)
    assert [p.code for p in decision.problems] == ["coverage_missing"]


def _new_coverage(population: SyntheticPopulation) -> CoverageDetails:
    fabrikam = payer("FBHMO", date(2025, 3, 3))
    assert fabrikam is not None
    found_member_id = population.member_id(fabrikam)
    return CoverageDetails(payer_id="FBHMO", member_id=found_member_id, effective_date=date(2025, 3, 1))


async def test_correction_makes_an_incomplete_encounter_registered_once(
    terminated_encounter: Encounter, gateway: SimulatedEligibilityGateway, population: SyntheticPopulation
) -> None:
    incomplete = (
        await register_encounter(terminated_encounter, gateway, work_item_id="wi-1", today=TODAY)
    ).encounter
    correction = RegistrationCorrection(
        command_id="cmd-1",
        work_item_id="wi-1",
        requested_by="frontdesk.bo",
        coverage=_new_coverage(population),
    )
    decision = await correct_registration(incomplete, correction, gateway, today=TODAY)
    assert decision.outcome == "registered"
    registered = decision.encounter
    assert registered.coverages[0].payer_id == "FBHMO" and registered.coverages[0].coverage_id == "cov-1"
    assert registered.eligibility is not None and registered.eligibility.active
    assert registered.processed_command_ids == ("cmd-1",)
    calls = len(gateway.requests)
    replay = await correct_registration(registered, correction, gateway, today=TODAY)
    assert replay.outcome == "unchanged" and replay.encounter == registered and len(gateway.requests) == calls


async def test_correction_that_does_not_fix_it_stays_incomplete_on_the_same_work_item(
    terminated_encounter: Encounter, gateway: SimulatedEligibilityGateway
) -> None:
    incomplete = (
        await register_encounter(terminated_encounter, gateway, work_item_id="wi-1", today=TODAY)
    ).encounter
    correction = RegistrationCorrection(
        command_id="cmd-1",
        work_item_id="wi-1",
        requested_by="frontdesk.bo",
        prior_authorization_number="PA-1",
    )
    decision = await correct_registration(incomplete, correction, gateway, today=TODAY)
    assert decision.outcome == "incomplete" and decision.encounter.work_item_id == "wi-1"
    assert decision.encounter.prior_authorization_number == "PA-1"
    repeat = await correct_registration(decision.encounter, correction, gateway, today=TODAY)
    assert repeat.outcome == "unchanged"
    wrong_item = correction.model_copy(update={"command_id": "cmd-2", "work_item_id": "wi-other"})
    assert (
        await correct_registration(decision.encounter, wrong_item, gateway, today=TODAY)
    ).outcome == "unchanged"
