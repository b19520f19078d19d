from decimal import Decimal

import pytest
from rcm_remittance.domain.known_claims import KnownClaim, KnownLine
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file
from rcm_remittance.service.manual_match import ManualMatch, ManualMatchRefused, apply_manual_match
from rcm_schemas.events.remittance import ClaimPaid, MatchRemittanceLine, PaymentPosted

D = Decimal


def test_unknown_claim_goes_to_the_queue_and_the_remittance_still_reconciles() -> None:
    claim = clp("NOSUCH1", "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),)),))
    posting = post_remittance_file(file_of(remittance((claim,))), {}, POSTED_AT)
    (item,) = posting.unmatched
    assert item.kind == "claim" and item.reason == "unknown_claim" and posting.entries == []
    assert item.summary()["payer_claim_id"] == "NOSUCH1" and item.summary()["paid"] == "70.00"
    reconciliation = posting.remittances[0].reconciliation
    assert reconciliation is not None and reconciliation.unmatched_payment_total == D("70.00")
    assert reconciliation.balanced
    again = post_remittance_file(file_of(remittance((claim,))), {}, POSTED_AT)
    assert again.unmatched[0].item_id == item.item_id


def test_manual_match_of_an_unknown_claim_posts_it_once() -> None:
    claim = clp("TYPO-9", "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),)),))
    (item,) = post_remittance_file(file_of(remittance((claim,))), {}, POSTED_AT).unmatched
    known = known_from(claim, claim_id="CLM50")
    command = MatchRemittanceLine(
        trace_number="CHK1001",
        payer_id="ACME01",
        unmatched_item_id=item.item_id,
        claim_id="CLM50",
        requested_by="biller@clinic",
    )
    match = ManualMatch.from_command(command, command_id="cmd-1")

    result = apply_manual_match(match, item, known, POSTED_AT)

    assert result.resolved_item_id == item.item_id
    assert {e.claim_id for e in result.entries} == {"CLM50"}
    assert sum(e.amount for e in result.entries if e.kind == "payment") == D("70.00")
    assert [type(e) for e in result.events] == [PaymentPosted, ClaimPaid]
    replay = apply_manual_match(match, item, known, POSTED_AT, processed_command_ids={"cmd-1"})
    assert replay.already_processed and replay.entries == ()


def test_unmatched_line_of_a_known_claim_is_queued_then_matched_by_hand() -> None:
    matched = svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),))
    stray = svc("J3490", "40.00", "40.00")
    claim = clp("CLM51", "1", (matched, stray))
    known = KnownClaim(
        claim_id="CLM51",
        lines=(
            KnownLine(line_number=1, procedure_code="99213", charge=D("100.00")),
            KnownLine(line_number=2, procedure_code="J1100", charge=D("40.00")),
        ),
    )
    posting = post_remittance_file(file_of(remittance((claim,))), {"CLM51": known}, POSTED_AT)
    (item,) = posting.unmatched
    assert item.kind == "line" and item.known_claim_id == "CLM51" and item.svc_index == 2
    assert posting.events[0].open_balance == D("40.00")  # type: ignore[attr-defined]
    assert posting.remittances[0].reconciliation.balanced  # type: ignore[union-attr]

    result = apply_manual_match(ManualMatch("cmd-2", item.item_id, "CLM51", 2), item, known, POSTED_AT)

    (entry,) = result.entries
    assert (entry.line_number, entry.amount, entry.kind) == (2, D("40.00"), "payment")
    (posted,) = result.events
    assert isinstance(posted, PaymentPosted) and posted.paid_amount == D("40.00")
    # A second command for the same item yields the same entry id, so the insert is a no-op.
    again = apply_manual_match(ManualMatch("cmd-3", item.item_id, "CLM51", 2), item, known, POSTED_AT)
    assert again.entries[0].entry_id == entry.entry_id


def test_manual_match_to_a_missing_line_is_refused() -> None:
    claim = clp("X1", "1", (svc("99213", "100.00", "100.00"),))
    (item,) = post_remittance_file(file_of(remittance((claim,))), {}, POSTED_AT).unmatched
    with pytest.raises(ManualMatchRefused):
        apply_manual_match(
            ManualMatch("c", item.item_id, "CLM52", 9), item, known_from(claim, "CLM52"), POSTED_AT
        )
    with pytest.raises(ManualMatchRefused):
        apply_manual_match(ManualMatch("c", item.item_id, "CLM52"), item, None, POSTED_AT)


def test_a_claim_the_payer_sent_unbalanced_cannot_be_matched_by_hand() -> None:
    balanced = clp("CLM60", "1", (svc("99213", "100.00", "100.00"),))
    text = file_of(remittance((balanced,)))  # then the payer's error: CLP04 90.00, no CAS for the other 10.00
    unbalanced = text.replace("CLP*CLM60*1*100*100*", "CLP*CLM60*1*100*90*").replace(
        "BPR*I*100*", "BPR*I*90*"
    )
    (item,) = post_remittance_file(unbalanced, {}, POSTED_AT).unmatched
    assert item.reason == "invalid_claim"
    with pytest.raises(ManualMatchRefused, match="corrected 835"):
        apply_manual_match(ManualMatch("c", item.item_id, "CLM60"), item, known_from(balanced), POSTED_AT)
