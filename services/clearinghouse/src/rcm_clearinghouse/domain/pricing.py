"""Allowed amounts and member cost sharing (workload-params §4c, §6).

Allowed per line = the payer's contracted amount x units, or a fraction of the charge when the payer has no
fee for the code, and never above the charge. The patient's share follows the member's plan: a copay on the
office visit, else the deductible still open this year, then coinsurance on the rest.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from rcm_codesets import CostSharingPlan, Payer, contracted_amount, medicare_fee_record, place_of_service

from rcm_clearinghouse.domain.seeded_draws import weighted_choice

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# ACA preventive visits (99381-99397) and Medicare annual wellness visits carry no cost sharing.
PREVENTIVE_CODES = frozenset({*(str(code) for code in range(99381, 99398)), "G0438", "G0439"})
EVALUATION_MANAGEMENT_PREFIXES = ("992", "994")
# §6: 25% of members have met the deductible by April and 60% by October; linear in between (ASSUMPTION
# for January, 0%, and December, 70%).
DEDUCTIBLE_MET_RAMP = ((1, 0.0), (4, 0.25), (10, 0.60), (12, 0.70))


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def allowed_amount(
    payer: Payer, code: str, units: Decimal, charge: Decimal, place: str, on: date, unknown_fraction: Decimal
) -> Decimal:
    found = place_of_service(place)
    facility = found.medicare_facility_rate if found is not None else False
    per_unit = contracted_amount(payer, code, on, facility=facility)
    allowed = per_unit * units if per_unit is not None else charge * unknown_fraction
    return min(money(allowed), charge)


def choose_plan(payer: Payer, draws: random.Random) -> CostSharingPlan | None:
    if not payer.cost_sharing_plans:
        return None
    return weighted_choice(draws, {plan: plan.share_of_members for plan in payer.cost_sharing_plans})


def _share_met_by(month: int) -> float:
    for (start_month, start_share), (end_month, end_share) in pairwise(DEDUCTIBLE_MET_RAMP):
        if start_month <= month <= end_month:
            fraction = (month - start_month) / (end_month - start_month)
            return start_share + fraction * (end_share - start_share)
    return DEDUCTIBLE_MET_RAMP[-1][1]


def deductible_remaining(plan: CostSharingPlan, on: date, draws: random.Random) -> Decimal:
    """Deductible still open on the date of service, drawn per member and year (no cross-claim ledger).

    Drawing instead of accumulating keeps adjudication independent of the order claims arrive in.
    """
    if plan.annual_deductible <= 0 or draws.random() < _share_met_by(on.month):
        return ZERO
    spent_share = Decimal(str(round(draws.uniform(0.0, on.month / 12), 4)))
    return money(plan.annual_deductible * (1 - spent_share))


@dataclass(frozen=True)
class PatientShare:
    copay: Decimal = ZERO
    deductible: Decimal = ZERO
    coinsurance: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.copay + self.deductible + self.coinsurance


def _exempt(plan: CostSharingPlan, code: str, on: date) -> bool:
    if plan.preventive_zero_cost_share and code in PREVENTIVE_CODES:
        return True
    record = medicare_fee_record(code, on.year)
    return plan.lab_cost_share_exempt and record is not None and record.status == "CLFS"


def patient_share(
    plan: CostSharingPlan | None,
    code: str,
    allowed: Decimal,
    on: date,
    copay_still_due: bool,
    deductible_left: Decimal,
) -> PatientShare:
    """The member's part of one line's allowed amount.

    The caller carries the copay (once per claim) and the open deductible from line to line.
    """
    if plan is None or allowed <= 0 or _exempt(plan, code, on):
        return PatientShare()
    is_visit = code.startswith(EVALUATION_MANAGEMENT_PREFIXES)
    if is_visit and copay_still_due and plan.pcp_copay > 0:
        copay = money(min(plan.pcp_copay, allowed))
        if plan.copay_applies_before_deductible:
            # Copay plans: the office visit costs the copay only; deductible applies to other services.
            return PatientShare(copay=copay)
        allowed -= copay
    else:
        copay = ZERO
    deductible = min(deductible_left, allowed)
    coinsurance = money((allowed - deductible) * plan.coinsurance_percent / 100)
    return PatientShare(copay=copay, deductible=deductible, coinsurance=coinsurance)
