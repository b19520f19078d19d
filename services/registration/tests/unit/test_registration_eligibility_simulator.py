from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from rcm_registration.adapters.eligibility_simulator import SimulatedEligibilityGateway
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.people import Patient
from rcm_registration.domain.registration_rules import eligibility_request_for
from rcm_registration.synthetic_population import SyntheticPopulation

EFFECTIVE = date(2024, 1, 1)


async def test_active_member_gets_plan_copay_and_deductible(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=EFFECTIVE)
    encounter = make_encounter((coverage,))
    result = await gateway.verify(eligibility_request_for(encounter, coverage))
    assert result.active and result.status == "active"
    assert result.plan_code in {"NWH-PPO", "NWH-HDHP"}
    assert isinstance(result.copay, Decimal) and result.copay.as_tuple().exponent == -2
    assert result.deductible_remaining is not None and result.deductible_remaining >= 0
    assert [s.service_type_code for s in result.service_types] == ["30", "98"]
    assert result.service_types_covered and result.prior_auth_required_codes == ()
    # Deterministic: asking again gives the same answer.
    assert await gateway.verify(eligibility_request_for(encounter, coverage)) == result


async def test_terminated_member_digit_answers_inactive_with_end_of_previous_month(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "CCPPO", "cov-1", effective=EFFECTIVE, terminated=True)
    result = await gateway.verify(eligibility_request_for(make_encounter((coverage,)), coverage))
    assert result.status == "inactive"
    assert result.coverage_termination_date == date(2025, 2, 28)


async def test_termination_date_on_file_before_dos_is_inactive(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "MCR01", "cov-1", effective=EFFECTIVE)
    encounter = make_encounter((coverage,))
    ended = coverage.model_copy(update={"termination_date": date(2025, 1, 31)})
    result = await gateway.verify(eligibility_request_for(encounter, ended))
    assert not result.active and result.coverage_termination_date == date(2025, 1, 31)


async def test_unknown_member_and_bad_member_id_are_rejections(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=EFFECTIVE)
    encounter = make_encounter((coverage,))
    unknown = coverage.model_copy(update={"member_id": "NWH000000128"})
    malformed = coverage.model_copy(update={"member_id": "BAD"})
    assert (await gateway.verify(eligibility_request_for(encounter, unknown))).reject_reason_code == "75"
    assert (await gateway.verify(eligibility_request_for(encounter, malformed))).reject_reason_code == "72"


async def test_prior_auth_codes_from_the_payer_directory(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=EFFECTIVE)
    lines = ({"procedure_code": "99213"}, {"procedure_code": "20610"})
    encounter = make_encounter((coverage,), selected_lines=lines)
    result = await gateway.verify(eligibility_request_for(encounter, coverage))
    assert result.prior_auth_required_codes == ("20610",)


async def test_telehealth_code_outside_payer_policy_is_not_covered(
    population: SyntheticPopulation,
    patient: Patient,
    make_encounter: Callable[..., Encounter],
    gateway: SimulatedEligibilityGateway,
) -> None:
    coverage = population.coverage(patient, "NWHP1", "cov-1", effective=EFFECTIVE)
    encounter = make_encounter(
        (coverage,),
        telehealth=True,
        telehealth_mode="audio_video",
        patient_location="home",
        place_of_service="10",
        selected_lines=({"procedure_code": "99213"}, {"procedure_code": "99497"}),
    )
    result = await gateway.verify(eligibility_request_for(encounter, coverage))
    assert not result.service_types_covered
    assert "99497" in result.uncovered_service_types()[0].note
