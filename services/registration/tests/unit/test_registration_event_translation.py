from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rcm_registration.adapters.eligibility_simulator import SimulatedEligibilityGateway
from rcm_registration.adapters.event_translation import (
    encounter_registered,
    registration_incomplete,
    wire_coverage,
)
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.people import Patient
from rcm_registration.service.correction_handling import correction_from_command
from rcm_registration.service.registration import register_encounter
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas.envelope import decode, encode, new_message
from rcm_schemas.events import CorrectRegistration, EncounterRegistered, RegistrationIncomplete

TODAY = date(2025, 3, 10)


async def test_registered_encounter_becomes_a_valid_encounter_registered(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "MCR01", "cov-1", effective=date(2024, 1, 1))
    decision = await register_encounter(
        make_encounter((coverage,)), gateway, work_item_id="wi-1", today=TODAY
    )
    event = encounter_registered(decision.encounter)
    assert isinstance(event, EncounterRegistered)
    assert event.facts.eligibility.active and event.facts.coverage.member_id == coverage.member_id
    assert event.selected_diagnoses == ("E119",) and event.selected_lines[0].line_number == 1
    message = decode(encode(new_message(event, producer="registration", tenant_id=patient.tenant_id)))
    assert message.payload == event


async def test_incomplete_encounter_and_correction_command_round_trip(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=date(2024, 1, 1), terminated=True)
    decision = await register_encounter(
        make_encounter((coverage,)), gateway, work_item_id="wi-1", today=TODAY
    )
    event = registration_incomplete(decision.encounter)
    assert isinstance(event, RegistrationIncomplete)
    assert event.problems[0].code == "coverage_inactive" and event.eligibility is not None
    assert not event.eligibility.active
    command = CorrectRegistration(
        encounter_id="enc-1",
        work_item_id="wi-1",
        requested_by="frontdesk.bo",
        coverage=wire_coverage(coverage, decision.encounter),
    )
    correction = correction_from_command(command, command_id="evt-1", current=decision.encounter)
    assert correction.coverage is not None and correction.coverage.effective_date == date(2024, 1, 1)
    assert correction.command_id == "evt-1"
