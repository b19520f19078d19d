"""Acceptance on the real stack: a denial with its codes, and a reversal that undoes an earlier payment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rcm_platform import Service
from rcm_platform.testing.waiting import wait_for
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from rcm_schemas import encode
from rcm_schemas.events.denials import DenialWrittenOff
from rcm_schemas.events.remittance import ClaimDenied, ClaimReversed, PaymentPosted
from remittance_scenarios import (
    claim_ledger,
    claim_submitted,
    deliver_835,
    of_claim,
    posted_remittance,
    remittance_events,
    send,
    submit_claims,
)

pytestmark = pytest.mark.stack
D = Decimal


def ledger_scans(service: Service) -> float:
    """Reads of the ledger that were not by `_id` (each one scans the collection on FerretDB)."""
    labels = {"command": "find", "collection": "ledger", "lookup": "scan"}
    return service.metrics.registry.get_sample_value("rcm_store_command_seconds_count", labels) or 0.0


async def test_a_denial_emits_claim_denied_with_per_line_carc_rarc_and_group(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service,
        remittance_settings,
        claim_submitted("CLM-DEN", [("99215", (), "200.00", "D1"), ("93000", (), "60.00", "D2")]),
    )
    denied = clp(
        "CLM-DEN",
        "4",
        (
            svc("99215", "200.00", "0.00", (cas("CO", "50", "200.00"),), control="D1", remarks=("N115",)),
            svc("93000", "60.00", "0.00", (cas("OA", "18", "60.00"),), control="D2", remarks=("N522",)),
        ),
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((denied,), trace="CHK-DEN"))
    )

    view = await posted_remittance(remittance_service, key)
    events = of_claim(await remittance_events(remittance_settings, at_least=2), "CLM-DEN")

    claim_denied = events["ClaimDenied"].payload
    assert isinstance(claim_denied, ClaimDenied)
    assert claim_denied.denied_amount == D("260.00") and claim_denied.claim_status_code == "4"
    assert claim_denied.encounter_id == "enc-CLM-DEN" and claim_denied.billing_provider_npi is not None
    assert [
        (line.line_number, line.adjustments[0].group_code, line.adjustments[0].carc, line.remark_codes)
        for line in claim_denied.lines
    ] == [(1, "CO", "50", ("N115",)), (2, "OA", "18", ("N522",))]
    posted = events["PaymentPosted"].payload
    assert isinstance(posted, PaymentPosted)
    # A denial is not an adjustment: the whole charge stays open, owed by the payer and marked denied.
    assert (posted.paid_amount, posted.contractual_adjustment, posted.other_adjustment) == (
        D("0.00"),
        D("0.00"),
        D("0.00"),
    )
    assert (posted.open_balance, posted.denied_amount) == (D("260.00"), D("260.00"))
    ledger = await claim_ledger(remittance_service, "CLM-DEN")
    assert {(e["group_code"], e["carc"], e["amount"]) for e in ledger["entries"]} == {
        ("CO", "50", "200.00"),
        ("OA", "18", "60.00"),
    }
    assert view["claims"][0]["outcome"] == "denied" and view["reconciliation"]["balanced"] is True
    account = ledger["balance"]
    assert (account["insurance_balance"], account["denied_open"], account["status"]) == (
        "260.00",
        "260.00",
        "denied",
    )


async def test_a_reversal_emits_claim_reversed_and_undoes_the_original_posting(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-REV", [("99214", (), "200.00", "R1")])
    )
    adjustments = (cas("CO", "45", "30.00"), cas("PR", "2", "20.00"))
    original = clp(
        "CLM-REV",
        "1",
        (svc("99214", "200.00", "150.00", adjustments, control="R1"),),
        payer_claim_number="ICN77",
    )
    negated = svc(
        "99214", "-200.00", "-150.00", (cas("CO", "45", "-30.00"), cas("PR", "2", "-20.00")), control="R1"
    )
    reversal = clp("CLM-REV", "22", (negated,), payer_claim_number="ICN77")
    [first_key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((original,), trace="CHK-ORIG"))
    )
    await posted_remittance(remittance_service, first_key)
    before = await claim_ledger(remittance_service, "CLM-REV")
    assert before["balance"]["payer_payments"] == "150.00"

    scans_before = ledger_scans(remittance_service)
    [second_key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((reversal,), trace="CHK-REV"))
    )

    async def reversed_posted() -> bool:
        events = await remittance_events(remittance_settings, at_least=0, timeout_s=1)
        return any(e.envelope.event_type == "ClaimReversed" for e in events)

    await wait_for(reversed_posted, what="ClaimReversed published")
    # The reversal found its prior postings in the claim's by-claim document, without scanning the ledger.
    assert ledger_scans(remittance_service) == scans_before
    view = await posted_remittance(remittance_service, second_key)
    events = await remittance_events(remittance_settings, at_least=4)

    claim_reversed = of_claim(events, "CLM-REV")["ClaimReversed"].payload
    assert isinstance(claim_reversed, ClaimReversed)
    assert claim_reversed.paid_amount == D("-150.00")
    assert claim_reversed.reversed_payer_claim_control_number == "ICN77"
    after = await claim_ledger(remittance_service, "CLM-REV")
    originals = {e["entry_id"]: e for e in before["entries"]}
    reversing = [e for e in after["entries"] if e["reverses_entry_id"]]
    assert len(reversing) == len(originals) == 3
    for entry in reversing:
        undone = originals[entry["reverses_entry_id"]]
        assert D(entry["amount"]) == -D(undone["amount"]) and entry["remittance_key"] == second_key
    assert after["balance"] == {
        "claim_id": "CLM-REV",
        "status": "with_payer",
        "charges": "200.00",
        "payer_payments": "0.00",
        "contractual_adjustments": "0.00",
        "transferred_to_patient": "0.00",
        "denied": "0.00",
        "denial_write_offs": "0.00",
        "other_adjustments": "0.00",
        "patient_payments": "0.00",
        "small_balance_write_offs": "0.00",
        "refunds_to_patient": "0.00",
        "refunds_to_payer": "0.00",
        "interest": "0.00",
        "unclassified_under_review": "0.00",
        "held_for_next_payer": "0.00",
        "insurance_balance": "200.00",
        "denied_open": "0.00",
        "patient_balance": "0.00",
        "balance": "200.00",
        "claim_ids": ["CLM-REV"],
        "replaced_by": None,
    }
    assert view["reconciliation"]["file_total"] == "-150.00" and view["reconciliation"]["balanced"] is True


async def test_a_denial_written_off_by_denials_leaves_the_account_as_a_write_off_once(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-WO", [("97110", (), "120.00", "W1")])
    )
    denied = clp("CLM-WO", "4", (svc("97110", "120.00", "0.00", (cas("CO", "50", "120.00"),), control="W1"),))
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance((denied,), trace="CHK-WO"))
    )
    await posted_remittance(remittance_service, key)
    assert (await claim_ledger(remittance_service, "CLM-WO"))["balance"]["status"] == "denied"

    written_off = DenialWrittenOff(
        claim_id="CLM-WO",
        denial_id="den-wo",
        payer_id="ACME01",
        amount=D("120.00"),
        root_cause="medical_necessity",
        carc_codes=("50",),
        reason="not worth an appeal",
        approved_by="manager.lee",
    )
    message = await send(remittance_service, remittance_settings, written_off)
    # The same event again (a redelivery after a crash): the entry id comes from the event id.
    await remittance_service.publisher.send_raw(
        remittance_settings.topic("rcm.denials.events"),
        encode(message),
        key=b"CLM-WO",
        headers={},
    )

    async def written() -> bool:
        balance = (await claim_ledger(remittance_service, "CLM-WO"))["balance"]
        return bool(balance["denial_write_offs"] == "120.00")

    await wait_for(written, what="the write-off in the claim's account")
    ledger = await claim_ledger(remittance_service, "CLM-WO")
    assert [e["amount"] for e in ledger["entries"] if e["kind"] == "write_off"] == ["120.00"]
    assert (ledger["balance"]["insurance_balance"], ledger["balance"]["status"]) == ("0.00", "settled")
