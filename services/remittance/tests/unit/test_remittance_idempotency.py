from datetime import timedelta

from rcm_remittance.domain.ledger import LedgerEntry
from rcm_remittance.domain.remittance_identity import key_of
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file
from rcm_x12 import read_835


def _file() -> tuple[str, dict[str, object]]:
    claim = clp("CLM20", "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),)),))
    return file_of(remittance((claim,), trace="EFT55")), {"CLM20": known_from(claim)}


def test_same_file_twice_gives_the_same_key_and_entry_ids() -> None:
    text, known = _file()
    first = post_remittance_file(text, known, POSTED_AT)  # type: ignore[arg-type]
    second = post_remittance_file(text, known, POSTED_AT + timedelta(hours=1))  # type: ignore[arg-type]
    assert key_of(read_835(text)[0]) == "835:ACME01:EFT55"
    assert [r.remittance_key for r in first.remittances] == [r.remittance_key for r in second.remittances]
    assert [e.entry_id for e in first.entries] == [e.entry_id for e in second.entries]
    assert len({e.entry_id for e in first.entries}) == len(first.entries)


def test_an_already_posted_remittance_produces_nothing() -> None:
    text, known = _file()
    posting = post_remittance_file(text, known, POSTED_AT, already_posted={"835:ACME01:EFT55"})  # type: ignore[arg-type]
    (result,) = posting.remittances
    assert result.duplicate and posting.entries == [] and posting.events == []


def test_the_same_transaction_twice_in_one_file_posts_once() -> None:
    claim = clp("CLM21", "1", (svc("99213", "100.00", "100.00"),))
    once = remittance((claim,), trace="EFT56")
    posting = post_remittance_file(file_of(once, once), {"CLM21": known_from(claim)}, POSTED_AT)
    assert [r.duplicate for r in posting.remittances] == [False, True]
    assert len(posting.entries) == 1


def test_ledger_entry_round_trips_through_a_cents_document() -> None:
    text, known = _file()
    entry = post_remittance_file(text, known, POSTED_AT).entries[1]  # type: ignore[arg-type]
    document = entry.to_document()
    assert document["_id"] == entry.entry_id and document["amount_cents"] == 3000
    assert LedgerEntry.from_document(document) == entry
