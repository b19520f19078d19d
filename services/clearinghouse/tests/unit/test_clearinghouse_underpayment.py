"""The underpayment scenario: a payer allows some codes 5% below its contract, records which, and answers an
appeal with the corrected claim paying the difference; every 835 line still balances to the cent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from rcm_clearinghouse.domain.adjudication import adjudicate_claim
from rcm_clearinghouse.domain.appeal_answer import underpayment_answer
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_codesets import contracted_amount, payer
from rcm_x12 import Claim, RemitClaim

DOS = date(2025, 3, 4)
RECEIVED = date(2025, 3, 10)


def _balanced(remit: RemitClaim) -> bool:
    return all(
        line.charge == line.paid + sum(a.amount for a in line.adjustments) for line in remit.lines
    ) and (remit.paid == sum(line.paid for line in remit.lines))


def test_the_payer_allows_the_listed_codes_5_percent_below_its_contract_and_answers_the_appeal(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    northwind = payer("NWHP1", DOS)
    assert northwind is not None
    claim = claim_factory()
    code = claim.lines[0].procedure_code
    scenario = scenario_factory().model_copy(update={"underpaid_codes": {"NWHP1": frozenset({code})}})
    fair = adjudicate_claim(claim, northwind, RECEIVED, scenario_factory())
    short = adjudicate_claim(claim, northwind, RECEIVED, scenario)

    contract = contracted_amount(northwind, code, DOS)
    assert contract is not None
    first_fair, first_short = fair.remit.lines[0], short.remit.lines[0]
    gap = (contract * claim.lines[0].units * Decimal("0.05")).quantize(Decimal("0.01"))
    assert first_fair.allowed is not None and first_short.allowed == first_fair.allowed - gap
    assert short.underpaid_lines == ((0, gap),)
    assert short.remit.lines[1:] == fair.remit.lines[1:]  # only the listed code
    assert _balanced(short.remit)

    answered = underpayment_answer(short, date(2025, 5, 1), answer_days=30)
    assert answered is not None
    assert answered.remit.lines[0].allowed == first_short.allowed + gap
    assert answered.remit.lines[0].paid == first_short.paid + gap
    assert answered.remit.paid == short.remit.paid + gap and _balanced(answered.remit)
    assert answered.remit.payer_claim_number != short.remit.payer_claim_number
    assert (answered.received_on, answered.payment_date) == (date(2025, 5, 1), date(2025, 5, 31))
    assert answered.underpaid_lines == ()
    assert underpayment_answer(fair, date(2025, 5, 1), answer_days=30) is None  # nothing to correct
