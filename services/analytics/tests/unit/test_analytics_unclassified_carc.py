"""The report's denial rates leave out a claim denied only under CARCs we have no category for (under review),
as denials and remittance do; it still counts as remitted, and a categorised denial still counts as denied."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import compute
from rcm_schemas import Event, new_message
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.common import Adjustment
from rcm_schemas.events.remittance import ClaimDenied
from rcm_schemas.samples import sample_events

D = Decimal


def _template(cls: type[Any]) -> Any:
    return next(e for e in sample_events() if type(e) is cls)


def _submitted(claim_id: str) -> Event:
    update = {"claim_id": claim_id, "encounter_id": f"E-{claim_id}", "total_charge": D("100.00")}
    return _template(ClaimSubmitted).model_copy(update=update)  # type: ignore[no-any-return]


def _denied(claim_id: str, *carcs: str) -> Event:
    adjustments = tuple(Adjustment(group_code="CO", carc=carc, amount=D("50.00")) for carc in carcs)
    update = {
        "claim_id": claim_id,
        "charge_amount": D("100.00"),
        "paid_amount": D("0.00"),
        "patient_responsibility": D("0.00"),
        "denied_amount": D("100.00"),
        "claim_adjustments": adjustments,
        "lines": (),
    }
    return _template(ClaimDenied).model_copy(update=update)  # type: ignore[no-any-return]


def test_a_denial_under_uncategorised_carcs_only_is_under_review_not_denied() -> None:
    events = [
        _submitted("C1"),
        _denied("C1", "Z9", "Z8"),  # neither code has a category of ours
        _submitted("C2"),
        _denied("C2", "Z9", "197"),  # one categorised code: a denial
    ]
    run = EventLog()
    for event in events:
        run.by_type[event.EVENT_TYPE].append(new_message(event, producer="test", tenant_id="clinic-a"))

    k = compute(run, as_of=date(2026, 3, 31))

    assert (k.claims_remitted, k.claims_denied_initially, k.claims_under_review_initially) == (2, 1, 1)
    assert k.remittance_denial_rate_ar5 == 0.5
