"""One account for a visit billed to two payers: the primary's patient share waits for the secondary, whose
answer (not its OA-23 restating the primary's) decides what the patient owes; every balance to the cent."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import EntryKind, LedgerEntry, PayerLeg, family_account
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file
from rcm_x12.sample835 import PAYER

D = Decimal
CHARGE = D("150.00")


def _entry(
    claim_id: str, payer: str, kind: EntryKind, amount: str, group: str | None = None, carc: str | None = None
) -> LedgerEntry:
    return LedgerEntry(
        entry_id=f"{claim_id}-{payer}-{kind}-{group}-{carc}",
        remittance_key=f"{payer}|TRACE",
        payer_id=payer,
        trace_number="TRACE",
        claim_id=claim_id,
        line_number=1,
        amount=D(amount),
        kind=kind,
        group_code=group,
        carc=carc,
        posted_at=POSTED_AT,
    )


# Primary (MEDICARE) allows 100.00 of 150.00 and pays 80.00; 20.00 coinsurance is the patient's share.
PRIMARY = [
    _entry("C1", "MEDICARE", "payment", "80.00"),
    _entry("C1", "MEDICARE", "adjustment", "50.00", "CO", "45"),
    _entry("C1", "MEDICARE", "patient_responsibility", "20.00", "PR", "2"),
]
# Secondary (MEDIGAP) pays 15.00 of it; 5.00 stays the patient's; OA-23 names the primary's 130.00.
SECONDARY = [
    _entry("S1", "MEDIGAP", "payment", "15.00"),
    _entry("S1", "MEDIGAP", "adjustment", "130.00", "OA", "23"),
    _entry("S1", "MEDIGAP", "patient_responsibility", "5.00", "PR", "2"),
]
LEGS = {"C1": PayerLeg(next_payer_id="MEDIGAP"), "S1": PayerLeg(follows_prior_payer=True)}


def test_the_primarys_patient_share_waits_for_the_secondary() -> None:
    account = family_account([("C1", PRIMARY)], CHARGE, legs={"C1": LEGS["C1"]})
    assert account.held_for_next_payer == D("20.00")
    assert account.patient_balance == D("0.00")  # nothing is billed to the patient yet
    assert account.insurance_balance == D("20.00")  # owed by the secondary
    assert account.status == "with_payer"


def test_after_the_secondary_pays_the_patient_owes_only_the_rest() -> None:
    account = family_account([("C1", PRIMARY), ("S1", SECONDARY)], CHARGE, legs=LEGS)
    assert account.payer_payments == D("95.00")  # both payers, each once
    assert account.other_adjustments == D("0.00")  # the OA-23 restates the primary: not counted twice
    assert account.held_for_next_payer == D("0.00")
    assert account.patient_balance == D("5.00")
    assert account.insurance_balance == D("0.00")
    # charges = payments + contractual + transferred to the patient, to the cent
    assert account.charges == account.payer_payments + account.contractual + account.transferred_to_patient


def test_a_crossover_answer_under_the_primarys_claim_id_settles_the_same_way() -> None:
    crossed = [
        *PRIMARY,
        _entry("C1", "MEDIGAP", "payment", "15.00"),
        _entry("C1", "MEDIGAP", "adjustment", "130.00", "OA", "23"),
        _entry("C1", "MEDIGAP", "patient_responsibility", "5.00", "PR", "2"),
    ]
    account = family_account([("C1", crossed)], CHARGE, legs={"C1": LEGS["C1"]})
    assert (account.insurance_balance, account.patient_balance) == (D("0.00"), D("5.00"))


def test_a_claim_with_no_next_payer_still_counts_oa23_and_transfers_its_share() -> None:
    account = family_account([("S1", SECONDARY)], CHARGE)
    assert account.other_adjustments == D("130.00")
    assert (account.insurance_balance, account.patient_balance) == (D("0.00"), D("5.00"))


def _secondary_answer(status: str) -> str:
    """An 835 from MEDIGAP1 answering, as a later payer, for our claim C1 (sent to ACME01 as primary)."""
    answered = clp(
        "C1", status, (svc("99213", "150.00", "15.00", (cas("OA", "23", "130.00"), cas("PR", "2", "5.00"))),)
    )
    medigap = replace(PAYER, name="MEDIGAP PLAN", additional_id="MEDIGAP1")
    return file_of(remittance((answered,), trace="MG-1", payer=medigap))


def _sent_to_acme(next_payer_id: str | None) -> KnownClaim:
    known = known_from(clp("C1", "1", (svc("99213", "150.00", "80.00", (cas("CO", "45", "70.00"),)),)))
    return known.model_copy(update={"payer_id": "ACME01", "next_payer_id": next_payer_id})


def test_a_secondary_835_for_a_claim_never_sent_to_that_payer_waits_unmatched() -> None:
    posting = post_remittance_file(_secondary_answer("2"), {"C1": _sent_to_acme(None)}, POSTED_AT)
    assert posting.entries == []  # nothing posts against the primary's account
    (item,) = posting.unmatched
    assert item.reason == "secondary_not_sent" and "CLP02 2" in item.problem


def test_the_payer_billed_next_may_answer_under_the_primarys_claim_id_a_crossover() -> None:
    posting = post_remittance_file(_secondary_answer("2"), {"C1": _sent_to_acme("MEDIGAP1")}, POSTED_AT)
    assert posting.unmatched == [] and {entry.payer_id for entry in posting.entries} == {"MEDIGAP1"}
