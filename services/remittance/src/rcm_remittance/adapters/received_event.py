"""An uploaded 835 file -> the RemittanceReceived event the subscriber posts (the wire side of an upload)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rcm_schemas.events.clearinghouse import RemittanceReceived
from rcm_x12 import Remittance

from rcm_remittance.domain.remittance_identity import payer_id_of


def received_from_upload(
    remittances: Sequence[Remittance], text: str, file_name: str | None
) -> RemittanceReceived:
    """Keyed by the first transaction's trace number: the file is posted as one message, transaction by
    transaction, each under its own remittance key."""
    first = remittances[0]
    plb = sum(
        (item.amount for r in remittances for adj in r.provider_adjustments for item in adj.items),
        Decimal("0.00"),
    )
    return RemittanceReceived(
        trace_number=first.trace_number,
        payer_id=payer_id_of(first),
        payer_name=first.payer.name[:60] or None,
        payment_amount=sum((r.payment_amount for r in remittances), Decimal("0.00")),
        payment_method=first.payment_method[:3] or None,
        payment_date=first.payment_date,
        claim_count=sum(len(r.claims) for r in remittances),
        provider_adjustment_total=plb,
        source="upload",
        file_name=file_name[:255] if file_name else None,
        x12_835=text,
    )
