"""The claim account on worked examples: each balance is the sum of its entries, to the cent.

A denial moves nothing (it stays owed by the payer, marked denied); contractual is the CO-45 family only; a
DenialWrittenOff posts a write-off; a later payment settles a denial without leaving an unexplained credit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import uuid4

from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.domain.ledger import LedgerEntry, claim_account
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file
from rcm_schemas.events.denials import DenialWrittenOff

TENANT = "clinic-a"
D = Decimal


def _denied_then(later: str | None) -> tuple[Any, list[Any]]:
    """CLM-A, $120 charged: denied CO-50 on the first 835; on a second one (after an appeal) `later`."""
    denied = clp("CLM-A", "4", (svc("97110", "120.00", "0.00", (cas("CO", "50", "120.00"),), control="A1"),))
    known = known_from(denied)
    entries = list(
        post_remittance_file(
            file_of(remittance((denied,), trace="CHK-1")), {"CLM-A": known}, POSTED_AT
        ).entries
    )
    if later == "paid":
        paid = clp(
            "CLM-A",
            "1",
            (
                svc(
                    "97110",
                    "120.00",
                    "90.00",
                    (cas("CO", "45", "20.00"), cas("PR", "2", "10.00")),
                    control="A1",
                ),
            ),
        )
        entries += post_remittance_file(
            file_of(remittance((paid,), trace="CHK-2")), {"CLM-A": known}, POSTED_AT
        ).entries
    return known, entries


def test_a_denial_stays_owed_by_the_payer_and_is_marked_denied() -> None:
    known, entries = _denied_then(None)
    account = claim_account("CLM-A", known.charges, entries)
    # charges 120.00 - payments 0 - contractual 0 - to patient 0 = 120.00 still owed, all of it denied
    assert (account.insurance_balance, account.denied_open, account.patient_balance) == (
        D("120.00"),
        D("120.00"),
        D("0.00"),
    )
    assert account.status == "denied"


def test_a_denial_paid_after_an_appeal_settles_without_a_credit() -> None:
    known, entries = _denied_then("paid")
    account = claim_account("CLM-A", known.charges, entries)
    # 120.00 - paid 90.00 - CO-45 20.00 - PR-2 10.00 = 0.00 with the payer; the patient owes 10.00
    assert (account.payer_payments, account.contractual, account.transferred_to_patient) == (
        D("90.00"),
        D("20.00"),
        D("10.00"),
    )
    assert (account.insurance_balance, account.denied_open, account.patient_balance) == (
        D("0.00"),
        D("0.00"),
        D("10.00"),
    )
    assert account.status == "patient_due"


def test_contractual_is_the_co45_family_only() -> None:
    line = svc(
        "99213",
        "200.00",
        "100.00",
        (cas("CO", "45", "40.00"), cas("CO", "253", "2.00"), cas("CO", "97", "58.00")),
    )
    claim = clp("CLM-B", "1", (line,))
    entries = post_remittance_file(
        file_of(remittance((claim,))), {"CLM-B": known_from(claim)}, POSTED_AT
    ).entries
    account = claim_account("CLM-B", D("200.00"), entries)
    # 200.00 - 100.00 paid - 42.00 contractual (45 + 253) = 58.00 owed: the CO-97 bundling denial
    assert (account.contractual, account.denied, account.insurance_balance) == (
        D("42.00"),
        D("58.00"),
        D("58.00"),
    )
    assert account.status == "denied"


def test_a_write_off_larger_than_what_is_owed_is_a_credit_balance() -> None:
    known, entries = _denied_then("paid")
    late = claim_account("CLM-A", known.charges, entries)
    assert late.insurance_balance == D("0.00")
    over = claim_account("CLM-A", known.charges, [*entries, _write_off_entry("CLM-A", "5.00")])
    # 0.00 - 5.00 written off = -5.00: never a silent negative, the account says credit
    assert over.insurance_balance == D("-5.00") and over.status == "credit"


def _write_off_entry(claim_id: str, amount: str) -> LedgerEntry:
    return LedgerEntry(
        entry_id=f"wo-{claim_id}",
        remittance_key="denial-write-off:den-x",
        payer_id="ACME01",
        trace_number="",
        claim_id=claim_id,
        line_number=None,
        amount=D(amount),
        kind="write_off",
        group_code=None,
        carc=None,
        posted_at=POSTED_AT,
    )


async def test_a_denial_written_off_leaves_ar_once_as_a_write_off(wired: InMemoryService, world: Any) -> None:
    known, entries = _denied_then(None)
    await world.known_claims.remember(known, tenant_id=TENANT, payer_id="ACME01")
    await world.ledger.append(entries, TENANT)
    written_off = DenialWrittenOff(
        claim_id="CLM-A",
        denial_id="den-A",
        payer_id="ACME01",
        amount=D("120.00"),
        root_cause="medical_necessity",
        carc_codes=("50",),
        reason="not worth an appeal",
        approved_by="manager.lee",
    )
    event_id = uuid4()
    await wired.deliver(written_off, tenant_id=TENANT, event_id=event_id, producer="denials")
    await wired.deliver(written_off, tenant_id=TENANT, event_id=event_id, producer="denials")  # redelivered
    await wired.deliver(written_off, tenant_id="clinic-b", event_id=uuid4(), producer="denials")

    booked = await world.ledger.of_claim("CLM-A", TENANT)
    write_offs = [entry for entry in booked if entry.kind == "write_off"]
    assert [entry.amount for entry in write_offs] == [D("120.00")]
    account = claim_account("CLM-A", known.charges, booked)
    # 120.00 - 120.00 denial write-off = 0.00: out of A/R, into the AR-6 write-off category
    assert (account.denial_write_offs, account.insurance_balance, account.denied_open) == (
        D("120.00"),
        D("0.00"),
        D("0.00"),
    )
    assert account.status == "settled"
    assert wired.dead_letters() == []
    view = await world.queries.claim_ledger("CLM-A", TENANT)
    assert view["balance"]["denial_write_offs"] == "120.00" and view["balance"]["status"] == "settled"


async def test_a_replacement_carries_its_originals_balance_and_supersedes_its_adjudication(
    world: Any,
) -> None:
    # C7, $100.00: paid 0, CO-45 10.00, PR 20.00, denied 70.00. Corrected as R7 (frequency 7), which the payer
    # adjudicates in full without reversing C7: paid 50.00, CO-45 30.00, PR 20.00.
    first = clp(
        "C7",
        "1",
        (
            svc(
                "99213",
                "100.00",
                "0.00",
                (cas("CO", "45", "10.00"), cas("PR", "2", "20.00"), cas("CO", "16", "70.00")),
                control="L7",
            ),
        ),
    )
    again = clp(
        "R7",
        "1",
        (svc("99213", "100.00", "50.00", (cas("CO", "45", "30.00"), cas("PR", "2", "20.00")), control="L7"),),
    )
    original = known_from(first)
    replacement = known_from(again).model_copy(update={"original_claim_id": "C7", "frequency_code": "7"})
    for known in (original, replacement):
        await world.known_claims.remember(known, tenant_id=TENANT, payer_id="ACME01")
    await world.ledger.append(
        post_remittance_file(file_of(remittance((first,), trace="T1")), {"C7": original}, POSTED_AT).entries,
        TENANT,
    )
    before = (await world.queries.claim_ledger("C7", TENANT))["balance"]
    await world.ledger.append(
        post_remittance_file(
            file_of(remittance((again,), trace="T2")), {"R7": replacement}, POSTED_AT
        ).entries,
        TENANT,
    )

    of_original = (await world.queries.claim_ledger("C7", TENANT))["balance"]
    of_replacement = (await world.queries.claim_ledger("R7", TENANT))["balance"]
    # Counted once: 100.00 - 50.00 paid - 30.00 contractual - 20.00 to the patient = 0.00; not a credit of 30.00
    assert (before["insurance_balance"], before["status"]) == ("70.00", "denied")
    for view in (of_original, of_replacement):
        assert (view["charges"], view["insurance_balance"], view["patient_balance"]) == (
            "100.00",
            "0.00",
            "20.00",
        )
        assert view["status"] == "patient_due" and view["claim_ids"] == ["C7", "R7"]
    assert (of_original["replaced_by"], of_replacement["replaced_by"]) == ("R7", None)


async def test_a_claim_rebilled_to_another_payer_moves_its_balance_there_at_once(world: Any) -> None:
    # C27, $100.00, denied in full CO-27 (coverage ended) by ACME01. The front desk finds the right payer and
    # claims rebills it as N27 (a new original, frequency 1) to BETA02, which pays 60.00, CO-45 20.00, PR 20.00.
    denied = clp("C27", "4", (svc("99213", "100.00", "0.00", (cas("CO", "27", "100.00"),), control="L27"),))
    paid = clp(
        "N27",
        "1",
        (svc("99213", "100.00", "60.00", (cas("CO", "45", "20.00"), cas("PR", "2", "20.00")), control="N1"),),
    )
    original = known_from(denied).model_copy(update={"patient_id": "pat-27"})
    rebill = known_from(paid).model_copy(
        update={"original_claim_id": "C27", "frequency_code": "1", "patient_id": "pat-27"}
    )
    await world.known_claims.remember(original, tenant_id=TENANT, payer_id="ACME01")
    await world.ledger.append(
        post_remittance_file(
            file_of(remittance((denied,), trace="T27")), {"C27": original}, POSTED_AT
        ).entries,
        TENANT,
    )
    while_denied = (await world.queries.claim_ledger("C27", TENANT))["balance"]
    await world.known_claims.remember(rebill, tenant_id=TENANT, payer_id="BETA02")

    sent = (await world.queries.claim_ledger("C27", TENANT))["balance"]
    # Still owed in full, but by the new payer: the old payer's denial is no longer open A/R.
    assert (while_denied["status"], while_denied["denied_open"]) == ("denied", "100.00")
    assert (sent["status"], sent["insurance_balance"], sent["denied_open"], sent["denied"]) == (
        "with_payer",
        "100.00",
        "0.00",
        "0.00",
    )
    assert sent["claim_ids"] == ["C27", "N27"] and sent["replaced_by"] == "N27"

    await world.ledger.append(
        post_remittance_file(file_of(remittance((paid,), trace="T28")), {"N27": rebill}, POSTED_AT).entries,
        TENANT,
    )
    for claim_id in ("C27", "N27"):
        view = (await world.queries.claim_ledger(claim_id, TENANT))["balance"]
        # Charged once: 100.00 - 60.00 paid - 20.00 contractual - 20.00 to the patient.
        assert (
            view["charges"],
            view["payer_payments"],
            view["insurance_balance"],
            view["patient_balance"],
        ) == (
            "100.00",
            "60.00",
            "0.00",
            "20.00",
        )
        assert view["status"] == "patient_due"
    (visit,) = await world.queries.current_visits("pat-27", TENANT)  # one visit, owed under the new claim
    assert visit.claim.claim_id == "N27" and visit.account.patient_balance == D("20.00")
