from datetime import date
from decimal import Decimal

from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_posting import post_remittance_file
from rcm_x12 import ProviderAdjustment, ProviderAdjustmentItem

D = Decimal


def test_plb_posts_provider_level_entries_and_the_remittance_reconciles() -> None:
    claim = clp("CLM40", "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),)),))
    plb = ProviderAdjustment(
        "1234567893",
        date(2024, 12, 31),
        (ProviderAdjustmentItem("WO", D("25.00"), "OVERPAY1"), ProviderAdjustmentItem("L6", D("-1.25"))),
    )
    text = file_of(remittance((claim,), plbs=(plb,)))

    posting = post_remittance_file(text, {"CLM40": known_from(claim)}, POSTED_AT)

    (result,) = posting.remittances
    provider = list(result.provider_entries)
    assert [(e.claim_id, e.kind, e.plb_reason, e.amount) for e in provider] == [
        (None, "provider_adjustment", "WO", D("25.00")),
        (None, "provider_adjustment", "L6", D("-1.25")),
    ]
    reconciliation = result.reconciliation
    assert reconciliation is not None
    assert reconciliation.file_total == D("56.25")  # 80.00 paid - 25.00 offset + 1.25 interest
    assert reconciliation.posted_payment_total == D("80.00")
    assert reconciliation.provider_adjustment_total == D("23.75")
    assert reconciliation.balanced and reconciliation.difference == D("0.00")
    document = reconciliation.to_document()
    assert document["file_total_cents"] == 5625 and document["difference_cents"] == 0
    assert document["claims"][0]["open_balance_cents"] == 0
