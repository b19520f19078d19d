"""The demo report counts takeback work items (PaymentTakenBack: denials opens one per claim, kind and 835, with
no DenialRouted) on a line of their own, and the unrecognised-code reviews a person reclassified."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import compute
from rcm_schemas import Event, new_message
from rcm_schemas.events.denials import DenialReclassified
from rcm_schemas.events.remittance import PaymentTakenBack
from rcm_schemas.samples import sample_events
from rcmctl.report.render import render_report
from rich.console import Console

D = Decimal


def _template(cls: type[Any]) -> Any:
    return next(e for e in sample_events() if type(e) is cls)


def _taken_back(claim_id: str, trace: str, amount: str) -> Event:
    update = {"claim_id": claim_id, "trace_number": trace, "amount": D(amount)}
    return _template(PaymentTakenBack).model_copy(update=update)  # type: ignore[no-any-return]


def _run(*events: Event) -> EventLog:
    run = EventLog()
    for event in events:
        run.by_type[event.EVENT_TYPE].append(new_message(event, producer="test", tenant_id="clinic-a"))
    return run


def test_takebacks_are_counted_as_work_items_once_each_with_their_amount() -> None:
    first = _taken_back("C1", "TRN-1", "80.00")
    run = _run(
        first,
        first,  # redelivered: still one work item
        _taken_back("C1", "TRN-2", "20.00"),  # the same claim in a later 835: a second item
        _taken_back("C2", "TRN-1", "15.50"),
        _template(DenialReclassified),
    )

    k = compute(run, as_of=date(2026, 3, 31))

    assert (k.takebacks_to_work, k.taken_back, k.reviews_reclassified) == (3, D("115.50"), 1)
    assert k.denials_routed_to_work == 0  # takebacks publish no DenialRouted: they need their own line
    console = Console(file=io.StringIO(), width=200)
    render_report(console, k, {}, {})
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Takebacks in work queues / amount taken back" in text
    assert "Unrecognised-code reviews reclassified" in text
