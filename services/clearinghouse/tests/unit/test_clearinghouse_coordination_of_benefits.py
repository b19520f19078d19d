"""The simulated secondary payer pays up to its allowed amount minus what the primary paid, never more than the
primary left to the patient; the rest stays the patient's (deductible last); every line balances to the cent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from rcm_clearinghouse.domain.coordination import coordinated_line, prior_adjudication
from rcm_x12 import Adjustment, LineAdjudication, RemitServiceLine, ServiceLine
from rcm_x12.claim837 import Address, BillingProvider, Claim, Payer, Subscriber

D = Decimal
DOS = date(2026, 3, 2)
LINE = ServiceLine("99214", D("150.00"), D("1"), DOS, line_control_number="S1-1")


def _primary(paid: str, *shares: tuple[str, str]) -> LineAdjudication:
    patient = sum((D(amount) for _, amount in shares), D("0"))
    adjustments = (
        Adjustment("CO", "45", LINE.charge - D(paid) - patient),
        *(Adjustment("PR", reason, D(amount)) for reason, amount in shares),
    )
    return LineAdjudication("MCR01", D(paid), "99214", D("1"), DOS, adjustments=adjustments)


def _balances(remit_line: RemitServiceLine) -> bool:
    return remit_line.charge == remit_line.paid + sum((a.amount for a in remit_line.adjustments), D("0"))


def test_a_supplement_pays_the_coinsurance_the_primary_left() -> None:
    line = coordinated_line(LINE, D("135.00"), _primary("78.40", ("2", "20.00")))
    assert line.paid == D("20.00")
    assert [(a.group, a.reason, a.amount) for a in line.adjustments] == [("OA", "23", D("130.00"))]
    assert _balances(line)


def test_what_the_secondary_does_not_pay_stays_the_patients_deductible_last() -> None:
    # Primary allowed 100: 50 deductible, 10 coinsurance, paid 39.20 (after sequestration).
    line = coordinated_line(LINE, D("60.00"), _primary("39.20", ("1", "50.00"), ("2", "10.00")))
    assert line.paid == D("20.80")  # its allowed 60 minus the primary's 39.20
    # The coinsurance was paid first: 39.20 of the deductible stays the patient's.
    assert [(a.group, a.reason, a.amount) for a in line.adjustments] == [
        ("OA", "23", D("90.00")),
        ("PR", "1", D("39.20")),
    ]
    assert _balances(line)


def test_a_secondary_allowing_less_than_the_primary_paid_pays_nothing() -> None:
    line = coordinated_line(LINE, D("67.00"), _primary("78.40", ("2", "20.00")))
    assert line.paid == D("0.00")
    assert sum(a.amount for a in line.adjustments if a.group == "PR") == D("20.00")
    assert _balances(line)


def test_only_a_claim_to_a_later_payer_is_coordinated() -> None:
    adjudicated = replace(LINE, adjudications=(_primary("78.40", ("2", "20.00")),))
    subscriber = Subscriber(
        "DOE", "JANE", "CCP1234567801", date(1950, 1, 2), "F", Address("1 A ST", "X", "IL", "60601")
    )
    provider = BillingProvider("CLINIC", "1234567893", "371234567", Address("2 B ST", "X", "IL", "606011234"))
    claim = Claim("S1", provider, subscriber, Payer("CONTOSO", "CCPPO"), "11", ("I10",), (adjudicated,))
    assert prior_adjudication(claim, adjudicated) is None  # SBR01 P: priced as a primary
    secondary = replace(claim, subscriber=replace(subscriber, payer_responsibility="S"))
    assert prior_adjudication(secondary, adjudicated) == adjudicated.adjudications[0]
