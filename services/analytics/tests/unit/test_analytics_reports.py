"""The read model's reports on a small log: scopes, denial analytics, a claim's timeline, the KPIs' JSON form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from rcm_analytics.domain.denial_analytics import denial_analytics
from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import Kpis, compute
from rcm_analytics.domain.scope import ReportScope, months_of_service, within
from rcm_analytics.domain.timeline import timeline
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.common import Adjustment
from rcm_schemas.events.remittance import ClaimDenied, ClaimPaid
from rcm_schemas.phi import PHI_FIELD_NAMES
from rcm_schemas.samples import sample_events

D = Decimal
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _template(cls: type[Any]) -> Any:
    return next(e for e in sample_events() if type(e) is cls)


def _submitted(claim_id: str, payer: str, npi: str, dos: date, charge: str = "100.00") -> Event:
    return _template(ClaimSubmitted).model_copy(  # type: ignore[no-any-return]
        update={
            "claim_id": claim_id,
            "encounter_id": f"E-{claim_id}",
            "payer_id": payer,
            "rendering_provider_npi": npi,
            "date_of_service": dos,
            "total_charge": D(charge),
        }
    )


def _denied(claim_id: str, payer: str, carc: str, amount: str, paid_on: date) -> Event:
    return _template(ClaimDenied).model_copy(  # type: ignore[no-any-return]
        update={
            "claim_id": claim_id,
            "payer_id": payer,
            "trace_number": f"TRN-{claim_id}",
            "payment_date": paid_on,
            "date_of_service": paid_on,
            "charge_amount": D(amount),
            "paid_amount": D("0.00"),
            "denied_amount": D(amount),
            "rendering_provider_npi": None,
            "claim_adjustments": (
                Adjustment(group_code="CO", carc=carc, amount=D(amount)),
                Adjustment(group_code="CO", carc="45", amount=D("0.00")),
            ),
            "lines": (),
        }
    )


def _paid(claim_id: str, payer: str, paid_on: date) -> Event:
    return _template(ClaimPaid).model_copy(  # type: ignore[no-any-return]
        update={
            "claim_id": claim_id,
            "payer_id": payer,
            "trace_number": f"TRN-{claim_id}",
            "payment_date": paid_on,
        }
    )


def _log(*events: Event) -> EventLog:
    log = EventLog()
    for n, event in enumerate(events):
        message = new_message(event, producer="test", tenant_id="clinic-a")
        envelope = message.envelope.model_copy(update={"occurred_at": T0 + timedelta(minutes=n)})
        log.add(EventMessage(envelope=envelope, payload=message.payload))
    return log


A, B = "1111111111", "2222222222"
MARCH, APRIL = date(2026, 3, 2), date(2026, 4, 6)


def _example() -> EventLog:
    return _log(
        _submitted("C1", "MCR01", A, MARCH),
        _submitted("C2", "MCR01", B, MARCH),
        _submitted("C3", "NWHP1", A, APRIL),
        _denied("C1", "MCR01", "16", "100.00", MARCH + timedelta(days=14)),
        _paid("C2", "MCR01", MARCH + timedelta(days=20)),
        _denied("C3", "NWHP1", "50", "100.00", APRIL + timedelta(days=14)),
        _denied("C3", "NWHP1", "50", "100.00", APRIL + timedelta(days=14)),  # redelivered: counted once
    )


def test_a_scope_keeps_the_claims_of_one_payer_provider_or_span_of_service_dates() -> None:
    log = _example()
    assert compute(within(log, ReportScope(payer_id="MCR01")), as_of=APRIL).claims_submitted == 2
    assert compute(within(log, ReportScope(rendering_provider_npi=A)), as_of=APRIL).claims_submitted == 2
    april = within(log, ReportScope(served_from=date(2026, 4, 1), served_to=date(2026, 4, 30)))
    assert {m.payload.claim_id for m in april.messages()} == {"C3"}  # type: ignore[attr-defined]
    assert within(log, ReportScope()) is log
    assert months_of_service(log) == ["2026-03", "2026-04"]


def test_denials_by_carc_group_payer_provider_and_month_count_each_answer_once() -> None:
    report = denial_analytics(_example())
    assert (report.by_payer["MCR01"].denied_claims, report.by_payer["MCR01"].remitted_claims) == (1, 2)
    assert report.by_payer["MCR01"].denial_rate == 0.5
    assert report.by_payer["NWHP1"].denied_amount == D("100.00")
    assert report.by_provider[A].denied_claims == 2  # C1's provider from its claim, C3's from its claim
    assert report.by_month["2026-03"].denied_claims == 1 and report.by_month["2026-04"].denied_claims == 1
    assert {c.carc: c.claims for c in report.top_carcs} == {"16": 1, "50": 1}  # CO-45 is not a denial
    assert sum(t.denied_claims for t in report.by_group.values()) == 2


def test_a_timeline_is_in_time_order_with_the_x12_text_apart_and_no_phi_in_its_details() -> None:
    log = _example()
    messages = [m for m in log.messages() if getattr(m.payload, "claim_id", None) == "C1"]
    entries = timeline(list(reversed(messages)))
    assert [e.event_type for e in entries] == ["ClaimSubmitted", "ClaimDenied"]
    submitted = entries[0]
    assert submitted.x12_kind == "837P" and submitted.x12 and submitted.x12.startswith("ISA")
    assert not set(submitted.details) & PHI_FIELD_NAMES and "x12_837p" not in submitted.details
    assert (
        submitted.details["total_charge"] == "100.00" and submitted.details["date_of_service"] == "2026-03-02"
    )


def test_the_kpis_travel_as_json_and_come_back_equal() -> None:
    k = compute(_example(), as_of=APRIL)
    assert Kpis.from_json(k.as_json()) == k
    assert k.claims_denied_initially == 2 and k.claims_remitted == 3


def test_cost_to_collect_needs_the_cost_from_the_ledger() -> None:
    assert compute(_example(), as_of=APRIL).cost_to_collect is None
    paid = _log(_submitted("C9", "MCR01", A, MARCH))
    assert (
        compute(paid, as_of=APRIL, revenue_cycle_cost=D("10.00")).cost_to_collect is None
    )  # nothing collected
