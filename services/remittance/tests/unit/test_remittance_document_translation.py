"""Wire/domain <-> document translators: a queue item and a known claim come back exactly as stored."""

from __future__ import annotations

from decimal import Decimal

from rcm_remittance.adapters.known_claim_documents import (
    known_claim_document,
    known_claim_from_document,
)
from rcm_remittance.adapters.remit_claim_documents import remit_claim_document, remit_claim_from_document
from rcm_remittance.adapters.unmatched_repository import item_from_state, item_state
from rcm_remittance.domain.posting_rules import PostingSource
from rcm_remittance.samples import POSTED_AT, cas, clp, known_from, svc
from rcm_remittance.service.claim_posting import RemittanceContext, line_item
from rcm_x12 import Adjustment
from rcm_x12.sample835 import DOS, paid_claim


def test_a_remit_claim_survives_the_document_round_trip_with_money_in_cents() -> None:
    claim = paid_claim(3)
    document = remit_claim_document(claim)
    assert isinstance(document["charge_cents"], int)
    assert remit_claim_from_document(document) == claim


def test_an_unmatched_line_item_survives_the_round_trip() -> None:
    claim = clp(
        "CLM1",
        "1",
        (
            svc("99213", "100.00", "80.00", (Adjustment("CO", "45", Decimal("20.00"), Decimal("1")),)),
            svc("97112", "60.00", "40.00", (cas("CO", "45", "20.00"),)),
        ),
    )
    context = RemittanceContext(PostingSource("835:P:T", "P", "T", POSTED_AT), "ACME", DOS)
    item = line_item(context, claim, 0, 2, "CLM1")
    state = item_state(item)
    assert state["paid_cents"] == 4000 and state["status"] == "open"
    assert item_from_state(item.item_id, state) == item


def test_a_known_claim_survives_the_round_trip() -> None:
    claim = known_from(clp("CLM2", "1", (svc("99213", "100.00", "80.00", modifiers=("25",), control="L1"),)))
    claim = claim.model_copy(update={"payer_id": "ACME01", "next_payer_id": "MEDIGAP1"})
    document = known_claim_document(claim, "clinic-a", "ACME01")
    assert document["_id"] == "CLM2" and document["charges_cents"] == 10000
    assert known_claim_from_document(document) == claim
