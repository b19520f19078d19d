"""A partial payment whose denied line can be worked opens a denial; copays and contract write-downs do not."""

from __future__ import annotations

from decimal import Decimal

from rcm_denials.adapters.incoming_events import denied_part_of
from rcm_schemas.events.common import Adjustment
from rcm_schemas.events.remittance import ClaimDenied, ClaimPartiallyPaid
from rcm_schemas.samples import sample_events


def _partial() -> ClaimPartiallyPaid:
    return next(e for e in sample_events() if isinstance(e, ClaimPartiallyPaid))


def test_the_denied_line_of_a_partial_payment_becomes_a_denial_with_only_its_denial_adjustments() -> None:
    denial = denied_part_of(_partial())
    assert isinstance(denial, ClaimDenied)
    kept = [(a.group_code, a.carc) for line in denial.lines for a in line.adjustments]
    assert kept == [("CO", "4")]
    assert denial.denied_amount == sum(
        (a.amount for line in denial.lines for a in line.adjustments), Decimal(0)
    )
    assert len(denial.lines) == len(_partial().lines), "every line stays: a fix may depend on the others"


def test_a_partial_payment_with_only_copays_and_contract_adjustments_opens_nothing() -> None:
    payment = _partial()
    lines = tuple(
        line.model_copy(
            update={
                "adjustments": tuple(a for a in line.adjustments if a.group_code == "PR" or a.carc == "45")
            }
        )
        for line in payment.lines
    )
    copay_only = payment.model_copy(
        update={
            "lines": lines,
            "claim_adjustments": (Adjustment(group_code="PR", carc="3", amount=Decimal("20.00")),),
        }
    )
    assert denied_part_of(copay_only) is None
