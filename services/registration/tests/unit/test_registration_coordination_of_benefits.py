"""The coordination-of-benefits order rules: Medicaid last, the birthday rule, Medicare secondary payer basics."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rcm_registration.domain.coordination_of_benefits import (
    COB_ORDER,
    MedicareSecondaryFacts,
    coverage_order_problems,
    medicare_pays_first,
)
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.payer_lookup import payer_in_force
from rcm_registration.domain.people import PersonDemographics, PostalAddress

DOS = date(2026, 3, 2)
HOME = PostalAddress(line1="1 ELM ST", city="SPRINGFIELD", state="IL", postal_code="62701")


def _parent(born: date) -> PersonDemographics:
    return PersonDemographics(first_name="PAT", last_name="DOE", birth_date=born, sex="F", address=HOME)


def _coverage(payer_id: str, order: str, **changes: Any) -> Coverage:
    values: dict[str, Any] = {
        "tenant_id": "clinic-a",
        "coverage_id": f"cov-{payer_id}-{order}",
        "patient_id": "pat-1",
        "payer_id": payer_id,
        "member_id": None,
        "coverage_order": order,
        "effective_date": date(2024, 1, 1),
        **changes,
    }
    return Coverage.model_validate(values)


def _problems(*coverages: Coverage) -> list[str]:
    found = coverage_order_problems(coverages, DOS, payer_in_force)
    assert all(problem.code == COB_ORDER for problem in found)
    return [problem.message for problem in found]


def test_medicaid_pays_last() -> None:
    assert _problems(_coverage("MCR01", "primary"), _coverage("MCD01", "secondary")) == []
    (message,) = _problems(_coverage("MCD01", "primary"), _coverage("CCPPO", "secondary"))
    assert "payer of last resort" in message and "list CCPPO before MCD01" in message
    assert _problems(_coverage("MCD01", "primary")) == []  # Medicaid alone is primary


def _child_of(payer_id: str, order: str, born: date, since: date = date(2024, 1, 1)) -> Coverage:
    return _coverage(payer_id, order, relationship_code="19", subscriber=_parent(born), effective_date=since)


@pytest.mark.parametrize(
    ("primary_born", "secondary_born", "out_of_order"),
    [
        (date(1985, 3, 1), date(1980, 7, 1), False),  # March before July; the older parent does not matter
        (date(1980, 7, 1), date(1985, 3, 1), True),
        (date(1990, 1, 1), date(1970, 12, 31), False),  # Jan 1 vs Dec 31
        (date(1970, 12, 31), date(1990, 1, 1), True),
    ],
)
def test_the_birthday_rule_orders_a_childs_two_parent_plans(
    primary_born: date, secondary_born: date, out_of_order: bool
) -> None:
    messages = _problems(
        _child_of("NWHP1", "primary", primary_born), _child_of("CCPPO", "secondary", secondary_born)
    )
    assert bool(messages) is out_of_order
    if out_of_order:
        assert "birthday rule" in messages[0] and "list CCPPO before NWHP1" in messages[0]


def test_on_the_same_birthday_the_plan_covering_the_parent_longer_pays_first() -> None:
    born = date(1980, 5, 5)
    longer, newer = date(2019, 1, 1), date(2024, 1, 1)
    assert (
        _problems(_child_of("NWHP1", "primary", born, longer), _child_of("CCPPO", "secondary", born, newer))
        == []
    )
    assert _problems(
        _child_of("NWHP1", "primary", born, newer), _child_of("CCPPO", "secondary", born, longer)
    )


def test_without_both_subscribers_birth_dates_the_birthday_rule_judges_nothing() -> None:
    no_subscriber = _coverage("CCPPO", "secondary", relationship_code="19")
    assert _problems(_child_of("NWHP1", "primary", date(1980, 12, 1)), no_subscriber) == []


@pytest.mark.parametrize(
    ("facts", "medicare_first"),
    [
        (MedicareSecondaryFacts(age=70, ghp_from_current_employment=True, employer_size=20), False),
        (MedicareSecondaryFacts(age=70, ghp_from_current_employment=True, employer_size=19), True),
        (MedicareSecondaryFacts(age=70, ghp_from_current_employment=False, employer_size=5000), True),  # retiree
        (
            MedicareSecondaryFacts(
                age=50, ghp_from_current_employment=True, employer_size=100, entitled_by_disability=True
            ),
            False,
        ),
        (
            MedicareSecondaryFacts(
                age=50, ghp_from_current_employment=True, employer_size=99, entitled_by_disability=True
            ),
            True,
        ),
        (
            MedicareSecondaryFacts(
                age=60, ghp_from_current_employment=False, employer_size=0, entitled_by_esrd=True,
                months_since_esrd_coordination_began=12,
            ),
            False,
        ),
        (
            MedicareSecondaryFacts(
                age=60, ghp_from_current_employment=True, employer_size=500, entitled_by_esrd=True,
                months_since_esrd_coordination_began=30,
            ),
            True,
        ),
    ],
)  # fmt: skip
def test_medicare_secondary_payer_basics(facts: MedicareSecondaryFacts, medicare_first: bool) -> None:
    assert medicare_pays_first(facts) is medicare_first
