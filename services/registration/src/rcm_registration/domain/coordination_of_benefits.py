"""Which coverage pays first: the coordination-of-benefits order rules registration can judge.

Billing the wrong payer first costs a denial (CO-22, "covered by another payer per coordination of benefits")
and weeks. The front desk chooses each coverage's order; these rules check it where the encounter holds the
facts they need, and say which order is expected and why.

- Medicaid pays last (the payer of last resort: Social Security Act §1902(a)(25); 42 CFR 433.139): a Medicaid
  coverage listed before any other coverage of the visit is out of order.
- The birthday rule (NAIC Coordination of Benefits Model Regulation, §6 order of benefit determination): a
  dependent child covered by both parents' plans is covered first by the plan of the parent whose birthday
  (month and day; the year does not count) comes earlier in the calendar year; on the same birthday, by the plan
  that has covered that parent longer. It needs both subscribers' birth dates: without them nothing is judged.
- Medicare secondary payer basics (CMS Medicare Secondary Payer Manual, Pub. 100-05, ch. 1 §10 and ch. 2):
  `medicare_pays_first` decides between Medicare and a group health plan (GHP) from employment facts the
  encounter does not hold today (current employment, employer size, disability, ESRD), so it is a documented,
  tested rule for a caller that has them; registration does not judge it on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from rcm_codesets import Payer, PayerType

from rcm_registration.domain.coverage import COVERAGE_ORDER_RANK, Coverage
from rcm_registration.domain.cross_checks import FieldProblem

COB_ORDER = "cob_order"
CHILD = "19"
WORKING_AGED_EMPLOYER_SIZE = 20
DISABILITY_EMPLOYER_SIZE = 100
ESRD_COORDINATION_MONTHS = 30

PayerLookup = Callable[[str, date], Payer | None]


@dataclass(frozen=True)
class MedicareSecondaryFacts:
    """What MSP needs to know about a Medicare beneficiary who also has a group health plan (GHP)."""

    age: int
    ghp_from_current_employment: bool
    """The GHP comes from the patient's or the spouse's current employment (not a retiree plan, not COBRA)."""
    employer_size: int
    """Employees of the GHP's employer (for a multi-employer plan, of the largest participating employer)."""
    entitled_by_disability: bool = False
    entitled_by_esrd: bool = False
    months_since_esrd_coordination_began: int | None = None


def medicare_pays_first(facts: MedicareSecondaryFacts) -> bool:
    """True when Medicare is primary over the GHP, False when the GHP pays first (Medicare secondary).

    ESRD: the GHP is primary during the 30-month coordination period, whatever the employment. Working aged (65+):
    a GHP from current employment with an employer of 20 or more employees is primary. Disability (under 65): a
    large GHP (100 or more employees) from current employment is primary. Otherwise Medicare pays first.
    """
    if facts.entitled_by_esrd and facts.months_since_esrd_coordination_began is not None:
        return facts.months_since_esrd_coordination_began >= ESRD_COORDINATION_MONTHS
    if not facts.ghp_from_current_employment:
        return True
    if facts.age >= 65:
        return facts.employer_size < WORKING_AGED_EMPLOYER_SIZE
    if facts.entitled_by_disability:
        return facts.employer_size < DISABILITY_EMPLOYER_SIZE
    return True


def _birthday_key(coverage: Coverage) -> tuple[int, int, date] | None:
    if coverage.subscriber is None:
        return None
    born = coverage.subscriber.birth_date
    return born.month, born.day, coverage.effective_date


def coverage_order_problems(
    coverages: Sequence[Coverage], on: date, payer_lookup: PayerLookup
) -> list[FieldProblem]:
    """Problems with the order of the encounter's coverages (aligned with its coverage_ids)."""
    problems: list[FieldProblem] = []
    ranked = sorted(enumerate(coverages), key=lambda pair: COVERAGE_ORDER_RANK[pair[1].coverage_order])
    for position, (index, coverage) in enumerate(ranked):
        found = payer_lookup(coverage.payer_id, on)
        later = [other for _, other in ranked[position + 1 :]]
        if found is not None and found.payer_type == PayerType.MEDICAID and later:
            problems.append(
                FieldProblem(
                    ("coverage_ids", index, "coverage_order"),
                    f"Medicaid pays last (payer of last resort): list {later[0].payer_id} before {coverage.payer_id}",
                    COB_ORDER,
                )
            )
    dependents = [
        (index, c) for index, c in ranked if c.relationship_code == CHILD and c.subscriber is not None
    ]
    if len(dependents) >= 2:
        (first_index, first), (_, second) = dependents[0], dependents[1]
        first_key, second_key = _birthday_key(first), _birthday_key(second)
        if first_key is not None and second_key is not None and second_key < first_key:
            problems.append(
                FieldProblem(
                    ("coverage_ids", first_index, "coverage_order"),
                    f"birthday rule: the plan of the parent whose birthday comes first in the year pays first "
                    f"(list {second.payer_id} before {first.payer_id})",
                    COB_ORDER,
                )
            )
    return problems
