"""The remittance aggregate's state: a small summary of one posted 835 transaction (_id = remittance key).

Kept small on purpose (16 MB limit): counts, totals and the reconciliation; per-claim reconciliation lines
only up to MAX_CLAIM_LINES (the ledger and the PaymentPosted events carry every claim anyway).
"""

from __future__ import annotations

from typing import Any

from rcm_schemas.money import to_cents
from rcm_x12 import Remittance

from rcm_remittance.service.file_posting import RemittancePosting

REMITTANCES = "remittances"
MAX_CLAIM_LINES = 1000


def remittance_state(
    posting: RemittancePosting,
    remittance: Remittance,
    *,
    page_count: int,
    event_count: int,
    source: str,
    file_name: str | None,
) -> dict[str, Any]:
    assert posting.reconciliation is not None  # a posting that is not a duplicate always has one
    reconciliation = posting.reconciliation.to_document()
    claims = reconciliation.pop("claims")
    return {
        "posted": True,
        "remittance_key": posting.remittance_key,
        "payer_id": posting.payer_id,
        "payer_name": remittance.payer.name,
        "trace_number": posting.trace_number,
        "payment_method": remittance.payment_method,
        "payment_date": remittance.payment_date.isoformat(),
        "file_total_cents": to_cents(remittance.payment_amount),
        "claim_count": len(remittance.claims),
        "posted_claim_count": len(posting.claims),
        "informational_claim_count": len(posting.informational_claims),
        "unmatched_count": len(posting.unmatched),
        "ledger_entry_count": len(posting.entries),
        "event_count": event_count,
        "outbox_pages": page_count,
        "source": source,
        "file_name": file_name,
        "reconciliation_at_posting": reconciliation,
        "claims": claims[:MAX_CLAIM_LINES],
        "claims_truncated": len(claims) > MAX_CLAIM_LINES,
    }
