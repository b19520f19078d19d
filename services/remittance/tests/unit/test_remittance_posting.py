from decimal import Decimal

from rcm_remittance.domain.ledger import claim_account
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file
from rcm_schemas.events.remittance import ClaimDenied, ClaimPaid, ClaimPartiallyPaid, PaymentPosted
from rcm_x12 import Party

D = Decimal


def test_paid_claim_with_contractual_and_patient_responsibility_reconciles() -> None:
    office = svc(
        "99214",
        "200.00",
        "100.00",
        (cas("CO", "45", "50.00"), cas("PR", "1", "30.00"), cas("PR", "2", "15.00"), cas("PR", "3", "5.00")),
    )
    claim = clp("CLM1", "1", (office,))
    known = known_from(claim)

    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM1": known}, POSTED_AT)

    entries = posting.entries
    assert [(e.kind, e.group_code, e.carc, e.amount, e.line_number) for e in entries] == [
        ("payment", None, None, D("100.00"), 1),
        ("adjustment", "CO", "45", D("50.00"), 1),
        ("patient_responsibility", "PR", "1", D("30.00"), 1),
        ("patient_responsibility", "PR", "2", D("15.00"), 1),
        ("patient_responsibility", "PR", "3", D("5.00"), 1),
    ]
    account = claim_account("CLM1", known.charges, entries)
    assert account.charges == account.payer_payments + account.contractual + account.transferred_to_patient
    assert (account.insurance_balance, account.patient_balance) == (D("0.00"), D("50.00"))
    assert account.status == "patient_due"
    posted, decided = posting.events
    assert isinstance(posted, PaymentPosted) and isinstance(decided, ClaimPaid)
    assert (posted.paid_amount, posted.contractual_adjustment, posted.patient_responsibility) == (
        D("100.00"),
        D("50.00"),
        D("50.00"),
    )
    assert posted.open_balance == D("0.00") and posted.ledger_entry_count == 5
    assert decided.encounter_id == "enc-1" and decided.lines[0].line_number == 1
    assert posting.remittances[0].reconciliation is not None
    assert posting.remittances[0].reconciliation.balanced


def test_denied_claim_carries_per_line_carc_rarc_and_group() -> None:
    line = svc("97110", "120.00", "0.00", (cas("CO", "50", "120.00"),), ("GP",), "LN1", ("N115", "M80"))
    claim = clp("CLM2", "4", (line,))

    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM2": known_from(claim)}, POSTED_AT)

    posted, denied = posting.events
    assert isinstance(denied, ClaimDenied)
    assert denied.denied_amount == D("120.00")
    (wire_line,) = denied.lines
    assert wire_line.remark_codes == ("N115", "M80")
    assert [(a.group_code, a.carc, a.amount) for a in wire_line.adjustments] == [("CO", "50", D("120.00"))]
    assert isinstance(posted, PaymentPosted) and posted.contractual_adjustment == D("0.00")
    # A denial is not an adjustment: the charge stays owed by the payer, marked denied, until it is worked.
    assert (posted.open_balance, posted.denied_amount) == (D("120.00"), D("120.00"))
    account = claim_account("CLM2", D("120.00"), posting.entries)
    assert (account.insurance_balance, account.denied_open, account.status) == (
        D("120.00"),
        D("120.00"),
        "denied",
    )


def test_status_one_with_every_line_denied_is_a_denial() -> None:
    line = svc("99213", "90.00", "0.00", (cas("CO", "29", "90.00"),))
    claim = clp("CLM3", "1", (line,))
    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM3": known_from(claim)}, POSTED_AT)
    assert posting.claim_postings[0].outcome == "denied"
    assert isinstance(posting.events[1], ClaimDenied)


def test_one_line_denied_one_paid_is_partially_paid() -> None:
    paid = svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),))
    denied = svc("93000", "50.00", "0.00", (cas("CO", "97", "50.00"),))
    claim = clp("CLM4", "1", (paid, denied))
    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM4": known_from(claim)}, POSTED_AT)
    assert isinstance(posting.events[1], ClaimPartiallyPaid)


def test_secondary_payment_status_posts_as_paid() -> None:
    line = svc("99213", "100.00", "20.00", (cas("OA", "23", "80.00"),))
    claim = clp("CLM5", "19", (line,))
    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM5": known_from(claim)}, POSTED_AT)
    assert posting.claim_postings[0].outcome == "paid"
    assert posting.events[0].other_adjustment == D("80.00")  # type: ignore[attr-defined]


def test_several_transactions_and_payers_in_one_file() -> None:
    first = clp("CLM6", "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),)),))
    second = clp("CLM7", "1", (svc("99214", "150.00", "90.00", (cas("CO", "45", "60.00"),)),))
    other_payer = Party("BLUE PLAN", "BLUE01", "PO BOX 9", "DALLAS", "TX", "75201")
    text = file_of(remittance((first,), trace="CHK1"), remittance((second,), trace="EFT2", payer=other_payer))
    known = {"CLM6": known_from(first), "CLM7": known_from(second)}

    posting = post_remittance_file(text, known, POSTED_AT)

    keys = [r.remittance_key for r in posting.remittances]
    assert keys == ["835:ACME01:CHK1", "835:BLUE01:EFT2"]
    assert {e.payer_id for e in posting.entries} == {"ACME01", "BLUE01"}
    assert all(r.reconciliation is not None and r.reconciliation.balanced for r in posting.remittances)


def test_claim_level_adjustment_on_a_claim_with_lines_keeps_payments_equal_to_clp04() -> None:
    line = svc("99213", "100.00", "100.00")
    claim = clp("CLM8", "1", (line,), claim_adjustments=(cas("CO", "253", "2.00"),))
    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM8": known_from(claim)}, POSTED_AT)
    payments = [e for e in posting.entries if e.kind == "payment"]
    assert sum(e.amount for e in payments) == claim.paid == D("98.00")
    assert claim_account("CLM8", D("100.00"), posting.entries).insurance_balance == D(
        "0.00"
    )  # CO-253: contract
