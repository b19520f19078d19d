"""The report's books on a small worked example: every number below is worked out by hand in the comments.

Six encounters of one clinic, as of 2026-03-31:
  E1  $180.00 DOS 03-01  paid 107.50, CO-45 47.50, PR 25.00           insurance 0,      patient 25.00
  E2  $120.00 DOS 02-01  denied CO-50 120.00, appealed                 insurance 120.00 (denied, appealed)
  E3  $200.00 DOS 03-10  denied, corrected: replacement R3 $200.00
                         paid 150.00, CO-45 30.00, PR 20.00            insurance 0,      patient 20.00
  E4  $100.00 DOS 12-01  denied, written off 100.00                    insurance 0 (AR-6)
  E5   $90.00 DOS 03-20  held by the scrubber, never sent              unbilled 90.00
  E6   $50.00 DOS 03-15  paid 60.00                                    credit 10.00
  E7  $100.00 DOS 03-25  C7 paid 0, CO-45 10, PR 20, denied 70; its replacement R7, adjudicated in full
                         without a reversal of C7: paid 50, CO-45 30, PR 20  insurance 0, patient 20.00
                         (R7 supersedes C7's adjustments: counting both would show a false credit of 30.00)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import compute
from rcm_schemas import Event, new_message
from rcm_schemas.events.claims import ClaimHeld, ClaimSubmitted
from rcm_schemas.events.denials import AppealFiled, DenialWrittenOff
from rcm_schemas.events.remittance import ClaimAccountPosted, PaymentPosted
from rcm_schemas.samples import sample_events

D = Decimal
AS_OF = date(2026, 3, 31)
TENANT = "clinic-a"


def _template(cls: type[Any]) -> Any:
    return next(e for e in sample_events() if type(e) is cls)


def _submitted(claim_id: str, encounter: str, charge: str, dos: date, original: str | None = None) -> Event:
    update = {
        "claim_id": claim_id,
        "encounter_id": encounter,
        "total_charge": D(charge),
        "date_of_service": dos,
    }
    if original:
        update |= {"frequency_code": "7", "original_claim_id": original}
    return _template(ClaimSubmitted).model_copy(update=update)  # type: ignore[no-any-return]


def _posted(
    claim_id: str, charge: str, paid: str = "0.00", co45: str = "0.00", pr: str = "0.00", denied: str = "0.00"
) -> Event:
    charge_d, paid_d, co45_d, pr_d = D(charge), D(paid), D(co45), D(pr)
    return PaymentPosted(
        claim_id=claim_id,
        payer_id="ACME01",
        trace_number="CHK1",
        claim_status_code="4" if D(denied) else "1",
        charge_amount=charge_d,
        paid_amount=paid_d,
        contractual_adjustment=co45_d,
        patient_responsibility=pr_d,
        other_adjustment=D("0.00"),
        open_balance=charge_d - paid_d - co45_d - pr_d,
        ledger_entry_count=1,
        denied_amount=D(denied),
    )


def _run() -> EventLog:
    events: list[Event] = [
        _submitted("C1", "E1", "180.00", date(2026, 3, 1)),
        _posted("C1", "180.00", paid="107.50", co45="47.50", pr="25.00"),
        _submitted("C2", "E2", "120.00", date(2026, 2, 1)),
        _posted("C2", "120.00", denied="120.00"),
        _template(AppealFiled).model_copy(update={"claim_id": "C2"}),
        _submitted("C3", "E3", "200.00", date(2026, 3, 10)),
        _posted("C3", "200.00", denied="200.00"),
        _submitted("R3", "E3", "200.00", date(2026, 3, 10), original="C3"),
        _posted("R3", "200.00", paid="150.00", co45="30.00", pr="20.00"),
        _submitted("C4", "E4", "100.00", date(2025, 12, 1)),
        _posted("C4", "100.00", denied="100.00"),
        _template(DenialWrittenOff).model_copy(update={"claim_id": "C4", "amount": D("100.00")}),
        _template(ClaimHeld).model_copy(
            update={
                "claim_id": "H5",
                "encounter_id": "E5",
                "total_charge": D("90.00"),
                "date_of_service": date(2026, 3, 20),
            }
        ),
        _submitted("C6", "E6", "50.00", date(2026, 3, 15)),
        _posted("C6", "50.00", paid="60.00"),
        _submitted("C7", "E7", "100.00", date(2026, 3, 25)),
        _posted("R7", "100.00", paid="50.00", co45="30.00", pr="20.00"),  # topic order is not time order
        _posted("C7", "100.00", co45="10.00", pr="20.00", denied="70.00"),
        _submitted("R7", "E7", "100.00", date(2026, 3, 25), original="C7"),
    ]
    run = EventLog()
    for event in events:
        run.by_type[event.EVENT_TYPE].append(new_message(event, producer="test", tenant_id=TENANT))
    return run


def test_receivables_keep_denied_appealed_held_and_patient_balances_and_count_a_corrected_claim_once() -> (
    None
):
    k = compute(_run(), as_of=AS_OF)
    assert k.billed == D(
        "750.00"
    )  # 180 + 120 + 200 (E3 once, not 400) + 100 + 50 + 100 (E7 once); E5 is held
    assert k.ar_insurance == D(
        "120.00"
    )  # E2 only: E1, E3, E4 and E7 are settled with the payer, E6 is a credit
    assert (k.ar_denied, k.ar_appealed) == (D("120.00"), D("120.00"))
    assert k.ar_patient == D("65.00")  # 25.00 (E1) + 20.00 (E3) + 20.00 (E7, R7's share, not C7's as well)
    assert k.ar_unbilled == D("90.00")
    assert k.credit_balances == D("10.00")  # E6 paid 60.00 on 50.00, and nothing else
    assert k.ar_total == D("275.00")  # 120 + 65 + 90
    assert k.denial_write_off == D("100.00")


def test_aging_days_in_ar_net_collection_and_ar6_by_their_definitions() -> None:
    k = compute(_run(), as_of=AS_OF)
    assert k.ar_aging == {
        "0-30": "0.00",
        "31-60": "120.00",
        "61-90": "0.00",
        "91-120": "0.00",
        ">120": "0.00",
    }
    assert k.patient_ar_aging["0-30"] == "65.00"  # E1 is 30 days old, E3 21, E7 6
    # Every open balance by age: E2 (denied, appealed) 120.00 at 58 days; E1, E3, E7 patient and E5 held (never
    # sent) 90.00 within 30 days. The buckets add up to the whole A/R; E6's credit is owed back, not aged.
    assert k.open_ar_aging == {
        "0-30": "155.00",
        "31-60": "120.00",
        "61-90": "0.00",
        "91-120": "0.00",
        ">120": "0.00",
    }
    assert sum(D(v) for v in k.open_ar_aging.values()) == k.ar_total
    # collections 367.50 (107.50 + 150.00 + 60.00 + 50.00) / (750.00 - 107.50 contractual) = 0.5720
    assert k.paid == D("367.50") and k.contractual_adjustment == D(
        "107.50"
    )  # 47.50 + 30.00 (R3) + 30.00 (R7)
    assert k.net_collection_rate == 0.572
    # AR-6: 100.00 written off / 642.50 net revenue = 0.1556
    assert k.denial_write_off_rate_ar6 == 0.1556
    # receivables 185.00 (insurance 120 + patient 65) / (750.00 / 121 days from 2025-12-01) = 29.8 days
    assert k.days_in_ar == 29.8


def _account_posted(claim_id: str, kind: str, amount: str, side: str = "patient") -> Event:
    return ClaimAccountPosted(
        claim_id=claim_id, entry_kind=kind, side=side, amount=D(amount), reference_id=f"{kind}-{claim_id}"
    )


def test_patient_payments_refunds_and_small_balance_write_offs_settle_the_books() -> None:
    """On top of the six encounters: E1's patient pays 25.00; E3's pays 30.00 on 20.00 owed and gets 10.00 back;
    the payer's 10.00 overpayment of E6 is refunded; E7's 20.00 is written off as a small balance."""
    run = _run()
    for event in (
        _account_posted("C1", "patient_payment", "25.00"),
        _account_posted("R3", "patient_payment", "30.00"),
        _account_posted("R3", "refund", "10.00"),
        _account_posted("C6", "refund", "10.00", side="payer"),
        _account_posted("R7", "small_balance_write_off", "20.00"),
    ):
        run.by_type[event.EVENT_TYPE].append(new_message(event, producer="test", tenant_id=TENANT))
    k = compute(run, as_of=AS_OF)
    # E1 25 - 25 = 0; E3 20 - 30 + 10 = 0; E7 20 - 20 = 0: no patient A/R and no credit left (E6 refunded)
    assert (k.ar_patient, k.credit_balances) == (D("0.00"), D("0.00"))
    assert k.ar_total == D("210.00")  # insurance 120 (E2) + unbilled 90 (E5)
    assert (k.patient_payments, k.refunds_to_patients, k.refunds_to_payers) == (
        D("55.00"),
        D("10.00"),
        D("10.00"),
    )
    assert k.small_balance_write_offs == D("20.00")
    assert k.patient_collection_rate == 0.8462  # 55.00 paid / 65.00 patient responsibility
    # (367.50 - 10.00 refunded to the payer + 55.00 - 10.00 refunded to patients) / 642.50 = 0.6265
    assert k.net_collection_rate == 0.6265
    assert k.outsourced_cost_on_patient == (
        D("1.80"),
        D("4.50"),
    )  # 4 % and 10 % of 45.00 net patient payments
    assert k.outsourced_cost_on_payer == (D("14.30"), D("35.75"))  # of 357.50


def test_a_claim_rebilled_to_another_payer_is_counted_once_and_its_old_denial_leaves_ar() -> None:
    # E8 $100.00: C8 denied CO-27 (coverage ended) in full; rebilled as N8, a new original to the right payer.
    rebill = _submitted("N8", "E8", "100.00", date(2026, 3, 28), original="C8").model_copy(
        update={"frequency_code": "1", "payer_id": "BETA02"}
    )
    base = [
        _submitted("C8", "E8", "100.00", date(2026, 3, 28)),
        _posted("C8", "100.00", denied="100.00"),
        rebill,
    ]
    paid = _posted("N8", "100.00", paid="70.00", co45="20.00", pr="10.00")
    for events, insurance, patient in (
        (base, D("100.00"), D("0.00")),
        ([*base, paid], D("0.00"), D("10.00")),
    ):
        run = EventLog()
        for event in events:
            run.by_type[event.EVENT_TYPE].append(new_message(event, producer="test", tenant_id=TENANT))
        k = compute(run, as_of=AS_OF)
        assert k.billed == D("100.00")  # once, not 200.00
        assert (k.ar_insurance, k.ar_denied, k.ar_patient) == (insurance, D("0.00"), patient)


def test_a_visit_billed_to_two_payers_owes_the_patient_only_what_the_secondary_left() -> None:
    """The primary's patient share waits for the secondary; the secondary's OA-23 restates the primary."""
    primary = _submitted("C9", "E9", "150.00", date(2026, 3, 1)).model_copy(
        update={"next_payer_id": "MEDIGAP1"}
    )
    secondary = _submitted("S9", "E9", "150.00", date(2026, 3, 1)).model_copy(
        update={"payer_id": "MEDIGAP1", "coverage_order": "secondary", "primary_claim_id": "C9"}
    )
    secondary_posted = _posted("S9", "150.00", paid="15.00", pr="5.00").model_copy(
        update={
            "payer_id": "MEDIGAP1",
            "claim_status_code": "2",
            "other_adjustment": D("130.00"),
            "open_balance": D("0.00"),
        }
    )
    primary_only = [primary, _posted("C9", "150.00", paid="80.00", co45="50.00", pr="20.00")]

    def kpis(events: list[Event]) -> Any:
        run = EventLog()
        for event in events:
            run.by_type[event.EVENT_TYPE].append(new_message(event, producer="test", tenant_id=TENANT))
        return compute(run, as_of=AS_OF)

    waiting = kpis(primary_only)
    assert (waiting.ar_insurance, waiting.ar_patient) == (D("20.00"), D("0.00"))  # owed by the secondary
    settled = kpis([*primary_only, secondary, secondary_posted])
    assert (settled.ar_insurance, settled.ar_patient, settled.other_adjustment) == (
        D("0.00"),
        D("5.00"),
        D("0.00"),
    )
    assert (settled.claims_submitted, settled.secondary_claims_sent, settled.paid_by_secondary_payers) == (
        1,
        1,
        D("15.00"),
    )


def test_cost_to_collect_is_the_ledgers_cost_over_the_cash_collected() -> None:
    k = compute(_run(), as_of=AS_OF, revenue_cycle_cost=D("36.75"))
    assert k.cash_collected == D("367.50")  # the payers' 367.50; no patient payment or refund in this example
    assert k.cost_to_collect == 0.1
