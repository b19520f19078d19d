"""Medicare crossover: a Medicare claim listing a crossover partner (Medicaid) as the next payer comes back
CLP02 19 with NM1*TT naming it, and the partner answers the forwarded claim as secondary under the same claim id;
both 835 claims balance; a non-partner next payer is left to the provider (no 19)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rcm_clearinghouse.domain.adjudication import adjudicate_claim
from rcm_clearinghouse.domain.crossover import forwarded_claim, partner_named
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_codesets import payer
from rcm_x12 import Claim, OtherPayer, RemitClaim

DOS = date(2025, 3, 4)
RECEIVED = date(2025, 3, 10)


def _next(payer_id: str, name: str, member_id: str) -> OtherPayer:
    return OtherPayer("S", name, payer_id, "DOE", "JANE", member_id)


def _balanced(remit: RemitClaim) -> bool:
    return all(line.charge == line.paid + sum(a.amount for a in line.adjustments) for line in remit.lines)


def test_medicare_forwards_to_its_crossover_partner_which_answers_as_secondary(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    medicare, medicaid = payer("MCR01", DOS), payer("MCD01", DOS)
    assert medicare is not None and medicaid is not None and medicaid.medicare_crossover
    claim = claim_factory(
        payer_id="MCR01", other_payers=(_next("MCD01", "LAKESHORE STATE MEDICAID", "MCD123456789"),)
    )
    decided = adjudicate_claim(claim, medicare, RECEIVED, scenario_factory())
    assert (decided.remit.status, decided.remit.crossover_payer_id) == ("19", "MCD01")
    assert _balanced(decided.remit)

    partner = partner_named(claim, decided.remit)
    assert partner is not None
    forwarded = forwarded_claim(claim, medicare, decided.remit, partner, decided.payment_date)
    assert (forwarded.claim_id, forwarded.payer.payer_id, forwarded.subscriber.payer_responsibility) == (
        claim.claim_id,
        "MCD01",
        "S",
    )
    answer = adjudicate_claim(forwarded, medicaid, decided.payment_date, scenario_factory())
    assert answer.remit.status == "2" and answer.payer_id == "MCD01" and _balanced(answer.remit)
    left_by_medicare = decided.remit.patient_responsibility
    assert answer.remit.patient_responsibility + answer.remit.paid == left_by_medicare


def test_a_next_payer_that_is_no_crossover_partner_is_billed_by_the_provider(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    medicare = payer("MCR01", DOS)
    assert medicare is not None
    claim = claim_factory(
        payer_id="MCR01", other_payers=(_next("CCPPO", "CONTOSO COMMERCIAL PPO", "CCP1234567801"),)
    )
    decided = adjudicate_claim(claim, medicare, RECEIVED, scenario_factory())
    assert decided.remit.status == "1" and decided.remit.crossover_payer_id == ""
