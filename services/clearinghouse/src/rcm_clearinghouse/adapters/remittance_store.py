"""Remittances as aggregates keyed by their trace number: the unique create that makes a release idempotent."""

from __future__ import annotations

from rcm_platform.ports import Aggregates
from rcm_schemas import to_cents

from rcm_clearinghouse.adapters.event_translation import remittance_event
from rcm_clearinghouse.adapters.stored_aggregates import AggregateReader
from rcm_clearinghouse.service.outcomes import RemittanceDocument


class RemittanceStore:
    def __init__(self, store: Aggregates, read: AggregateReader) -> None:
        self.store, self.read = store, read

    async def record(self, document: RemittanceDocument, tenant_id: str, entry_ids: list[str]) -> None:
        state = {
            "trace_number": document.trace_number,
            "payer_id": document.payer_id,
            "payment_date": document.payment_date.isoformat() if document.payment_date else None,
            "payment_cents": to_cents(document.payment_amount),
            "provider_adjustment_cents": to_cents(document.provider_adjustment_total),
            "claim_count": document.claim_count,
            "claim_ids": list(document.claim_ids),
            "entry_ids": entry_ids,
            "source": document.source,
            "x12_835": document.x12_835,
        }
        trace = document.trace_number
        await self.store.create(
            trace,
            tenant_id=tenant_id,
            state=state,
            events=[remittance_event(document)],
            marker=f"release:{trace}",
        )

    async def x12_835(self, trace_number: str, tenant_id: str) -> str | None:
        found = await self.read(trace_number)
        return str(found.state["x12_835"]) if found is not None and found.tenant_id == tenant_id else None
