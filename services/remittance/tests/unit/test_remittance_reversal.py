from decimal import Decimal

from rcm_remittance.domain.ledger import claim_account
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file, reversed_claim_ids
from rcm_schemas.events.remittance import ClaimReversed, PaymentPosted, PaymentTakenBack
from rcm_x12 import read_835

D = Decimal


def _original_and_reversal() -> tuple[str, str]:
    line = svc("99214", "200.00", "150.00", (cas("CO", "45", "30.00"), cas("PR", "2", "20.00")), control="L1")
    original = clp("CLM10", "1", (line,), payer_claim_number="ICN77")
    negated = svc(
        "99214", "-200.00", "-150.00", (cas("CO", "45", "-30.00"), cas("PR", "2", "-20.00")), control="L1"
    )
    reversal = clp("CLM10", "22", (negated,), payer_claim_number="ICN77")
    return file_of(remittance((original,), trace="CHK1")), file_of(remittance((reversal,), trace="CHK2"))


def test_reversal_negates_the_original_entries_and_references_them() -> None:
    first_file, reversal_file = _original_and_reversal()
    known = known_from(read_835(first_file)[0].claims[0])
    first = post_remittance_file(first_file, {"CLM10": known}, POSTED_AT)
    assert reversed_claim_ids(read_835(reversal_file)) == {"CLM10"}

    second = post_remittance_file(reversal_file, {"CLM10": known}, POSTED_AT, {"CLM10": first.entries})

    posting = second.claim_postings[0]
    assert posting.outcome == "reversed" and posting.reversed_from_ledger
    originals = {e.entry_id: e for e in first.entries}
    for entry in second.entries:
        assert entry.reverses_entry_id in originals
        assert entry.amount == -originals[entry.reverses_entry_id].amount
        assert entry.claim_status == "22"
    account = claim_account("CLM10", known.charges, first.entries + second.entries)
    assert account.payer_payments == account.contractual == account.transferred_to_patient == D("0.00")
    assert account.insurance_balance == known.charges and account.patient_balance == D("0.00")
    posted, reversed_event, taken_back = second.events  # nothing in the 835 replaces the payment: a takeback
    assert isinstance(taken_back, PaymentTakenBack) and taken_back.amount == D("150.00")
    assert isinstance(reversed_event, ClaimReversed)
    assert reversed_event.reversed_payer_claim_control_number == "ICN77"
    assert isinstance(posted, PaymentPosted) and posted.paid_amount == D("-150.00")
    assert second.remittances[0].reconciliation is not None
    assert second.remittances[0].reconciliation.balanced


def test_reversal_without_a_known_original_posts_the_negative_amounts() -> None:
    first_file, reversal_file = _original_and_reversal()
    known = known_from(read_835(first_file)[0].claims[0])
    posting = post_remittance_file(reversal_file, {"CLM10": known}, POSTED_AT)
    assert not posting.claim_postings[0].reversed_from_ledger
    assert sorted(e.amount for e in posting.entries) == [D("-150.00"), D("-30.00"), D("-20.00")]
    assert all(e.line_number == 1 for e in posting.entries)  # matched by REF*6R despite negative charge


def test_a_reversal_is_applied_only_once() -> None:
    first_file, reversal_file = _original_and_reversal()
    known = known_from(read_835(first_file)[0].claims[0])
    first = post_remittance_file(first_file, {"CLM10": known}, POSTED_AT)
    second = post_remittance_file(reversal_file, {"CLM10": known}, POSTED_AT, {"CLM10": first.entries})
    again = post_remittance_file(reversal_file, {"CLM10": known}, POSTED_AT, {"CLM10": first.entries})
    assert [e.entry_id for e in again.entries] == [e.entry_id for e in second.entries]
