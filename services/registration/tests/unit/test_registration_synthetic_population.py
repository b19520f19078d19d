from __future__ import annotations

from datetime import date

from rcm_codesets import payer
from rcm_registration.adapters.eligibility_simulator import last_digit
from rcm_registration.domain.identifiers import npi_is_valid
from rcm_registration.synthetic_population import SyntheticPopulation

ON = date(2025, 3, 3)


def test_same_seed_same_population() -> None:
    first, second = SyntheticPopulation(seed=1), SyntheticPopulation(seed=1)
    assert first.clinic() == second.clinic() and first.patient("p1") == second.patient("p1")


def test_npis_are_valid_and_member_ids_match_every_payer() -> None:
    population = SyntheticPopulation(seed=3)
    clinic = population.clinic()
    assert npi_is_valid(clinic.npi) and clinic.npi.startswith("2")
    assert all(npi_is_valid(population.provider("c", f"p{n}").npi) for n in range(20))
    patient = population.patient("p1")
    for _ in range(10):
        for coverage in population.coverage_per_payer(patient, ON):
            found = payer(coverage.payer_id, ON)
            assert found is not None
            if coverage.member_id is None:
                assert found.member_id_pattern is None
                continue
            assert found.member_id_is_valid(coverage.member_id)
            assert last_digit(coverage.member_id) not in {"8", "9"}


def test_terminated_member_ids_end_in_the_terminated_digit() -> None:
    population = SyntheticPopulation(seed=4)
    for payer_id in ("MCR01", "TSMA1", "MCD01", "NWHP1", "CCPPO", "FBHMO"):
        found = payer(payer_id, ON)
        assert found is not None
        member_id = population.member_id(found, terminated=True)
        assert member_id is not None and found.member_id_is_valid(member_id) and last_digit(member_id) == "9"
