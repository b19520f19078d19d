"""Acceptance on the real stack: paid and partially paid claims, PLB, a payer that dropped a modifier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rcm_platform import Service
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from rcm_schemas.events.remittance import ClaimPaid, ClaimPartiallyPaid, PaymentPosted
from rcm_x12 import ProviderAdjustment, ProviderAdjustmentItem
from remittance_scenarios import (
    claim_ledger,
    claim_submitted,
    deliver_835,
    of_claim,
    posted_remittance,
    remittance_events,
    submit_claims,
)

pytestmark = pytest.mark.stack
D = Decimal


async def test_a_paid_claim_posts_claim_paid_and_ledger_entries_that_reconcile(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service,
        remittance_settings,
        claim_submitted("CLM-PAID", [("99213", (), "100.00", "P1")]),
        claim_submitted("CLM-PART", [("99214", (), "150.00", "Q1"), ("87880", (), "50.00", "Q2")]),
    )
    paid = clp("CLM-PAID", "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="P1"),))
    partial = clp(
        "CLM-PART",
        "1",
        (
            svc(
                "99214", "150.00", "100.00", (cas("CO", "45", "30.00"), cas("PR", "1", "20.00")), control="Q1"
            ),
            svc("87880", "50.00", "0.00", (cas("CO", "97", "50.00"),), control="Q2", remarks=("M15",)),
        ),
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((paid, partial), trace="CHK-PAID"))
    )

    view = await posted_remittance(remittance_service, key)
    events = await remittance_events(remittance_settings, at_least=4)

    paid_events = of_claim(events, "CLM-PAID")
    claim_paid = paid_events["ClaimPaid"].payload
    assert isinstance(claim_paid, ClaimPaid) and claim_paid.paid_amount == D("80.00")
    assert claim_paid.lines[0].line_number == 1 and claim_paid.encounter_id == "enc-CLM-PAID"
    posted = paid_events["PaymentPosted"].payload
    assert isinstance(posted, PaymentPosted)
    assert (posted.paid_amount, posted.contractual_adjustment, posted.open_balance) == (
        D("80.00"),
        D("20.00"),
        D("0.00"),
    )
    partially = of_claim(events, "CLM-PART")["ClaimPartiallyPaid"].payload
    assert isinstance(partially, ClaimPartiallyPaid) and partially.patient_responsibility == D("20.00")
    denied_line = partially.lines[1]
    assert denied_line.line_number == 2 and denied_line.adjustments[0].carc == "97"
    assert denied_line.remark_codes == ("M15",)

    ledger = await claim_ledger(remittance_service, "CLM-PART")
    # The CO-97 line (50.00) is denied, not adjusted: it stays owed by the payer until it is worked.
    assert ledger["balance"] == {
        "claim_id": "CLM-PART",
        "status": "denied",
        "charges": "200.00",
        "payer_payments": "100.00",
        "contractual_adjustments": "30.00",
        "transferred_to_patient": "20.00",
        "denied": "50.00",
        "denial_write_offs": "0.00",
        "other_adjustments": "0.00",
        "patient_payments": "0.00",
        "small_balance_write_offs": "0.00",
        "refunds_to_patient": "0.00",
        "refunds_to_payer": "0.00",
        "interest": "0.00",
        "unclassified_under_review": "0.00",
        "held_for_next_payer": "0.00",
        "insurance_balance": "50.00",
        "denied_open": "50.00",
        "patient_balance": "20.00",
        "balance": "70.00",
        "claim_ids": ["CLM-PART"],
        "replaced_by": None,
    }
    assert sorted(e["amount"] for e in ledger["entries"]) == ["100.00", "20.00", "30.00", "50.00"]
    assert view["reconciliation"] == {
        "file_total": "180.00",
        "posted_payment_total": "180.00",
        "unmatched_payment_total": "0.00",
        "provider_adjustment_total": "0.00",
        "difference": "0.00",
        "balanced": True,
    }
    assert view["reconciliation_at_posting"]["balanced"] is True
    assert {c["claim_id"]: c["outcome"] for c in view["claims"]} == {
        "CLM-PAID": "paid",
        "CLM-PART": "partially_paid",
    }


async def test_provider_level_adjustments_are_posted_and_the_remittance_reconciles(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-PLB", [("99213", (), "100.00", "B1")])
    )
    claim = clp("CLM-PLB", "1", (svc("99213", "100.00", "90.00", (cas("CO", "45", "10.00"),), control="B1"),))
    plb = ProviderAdjustment(
        "1234567893",
        date(2024, 12, 31),
        (
            ProviderAdjustmentItem("WO", D("25.00"), "OVERPAY-2023"),  # recoupment: reduces this check
            ProviderAdjustmentItem("L6", D("-2.50"), "INTEREST"),  # interest: increases it
        ),
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((claim,), trace="CHK-PLB", plbs=(plb,)))
    )

    view = await posted_remittance(remittance_service, key)

    assert view["reconciliation"] == {
        "file_total": "67.50",
        "posted_payment_total": "90.00",
        "unmatched_payment_total": "0.00",
        "provider_adjustment_total": "22.50",
        "difference": "0.00",
        "balanced": True,
    }
    plb_entries = [d async for d in remittance_service.db["ledger"].find({"kind": "provider_adjustment"})]
    assert sorted((e["plb_reason"], e["amount_cents"]) for e in plb_entries) == [("L6", -250), ("WO", 2500)]
    assert all(e["claim_id"] is None and e["remittance_key"] == key for e in plb_entries)


async def test_a_line_whose_modifiers_the_payer_dropped_still_matches(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service,
        remittance_settings,
        claim_submitted("CLM-MOD", [("99213", ("25",), "120.00", "M1"), ("20610", ("RT",), "200.00", "M2")]),
    )
    # The payer echoes neither the control numbers nor the modifiers: only the codes match.
    claim = clp(
        "CLM-MOD",
        "1",
        (
            svc("20610", "200.00", "150.00", (cas("CO", "45", "50.00"),)),
            svc("99213", "120.00", "90.00", (cas("CO", "45", "30.00"),)),
        ),
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((claim,), trace="CHK-MOD"))
    )

    view = await posted_remittance(remittance_service, key)
    events = await remittance_events(remittance_settings, at_least=2)

    claim_paid = of_claim(events, "CLM-MOD")["ClaimPaid"].payload
    assert isinstance(claim_paid, ClaimPaid)
    assert [(line.procedure_code, line.line_number) for line in claim_paid.lines] == [
        ("20610", 2),
        ("99213", 1),
    ]
    ledger = await claim_ledger(remittance_service, "CLM-MOD")
    assert {(e["line_number"], e["kind"], e["amount"]) for e in ledger["entries"]} == {
        (2, "payment", "150.00"),
        (2, "adjustment", "50.00"),
        (1, "payment", "90.00"),
        (1, "adjustment", "30.00"),
    }
    assert ledger["balance"]["insurance_balance"] == "0.00"
    assert view["unmatched_count"] == 0 and view["reconciliation"]["balanced"] is True
