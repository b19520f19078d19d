"""ClaimAccountPosted: what remittance books outside an 835 (patient payments, refunds, small-balance write-offs)
told to the rest of the platform, one event per ledger entry.

The event id follows from the entry id (itself deterministic), so a retried request publishes the same event and
consumers drop the copy. Published after the entries are appended: a crash in between is healed by the client's
retry with the same Idempotency-Key (or the same cycle id), which appends nothing new and publishes again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rcm_schemas.events import ClaimAccountPosted
from rcm_schemas.events.remittance import AccountEntryKind

from rcm_remittance.domain.ledger import PATIENT, LedgerEntry
from rcm_remittance.service.ports import SendCommand

_POSTED_KINDS: dict[str, AccountEntryKind] = {
    "patient_payment": "patient_payment",
    "refund": "refund",
    "small_balance_write_off": "small_balance_write_off",
}


async def publish_account_entries(
    send: SendCommand,
    entries: Sequence[LedgerEntry],
    *,
    patient_id: str | None,
    reference_id: str,
    tenant_id: str,
) -> None:
    for entry in entries:
        if entry.claim_id is None or entry.amount <= 0:
            continue
        kind = _POSTED_KINDS.get(entry.kind)
        if kind is None:
            raise ValueError(f"a {entry.kind} entry comes from a remittance, not from an account posting")
        fields: dict[str, Any] = {"method": entry.payment_method}  # validated by the request that set it
        event = ClaimAccountPosted(
            claim_id=entry.claim_id,
            patient_id=patient_id,
            entry_kind=kind,
            side="patient" if entry.payer_id == PATIENT else "payer",
            amount=entry.amount,
            reference_id=reference_id,
            **fields,
        )
        await send(event, tenant_id=tenant_id, idempotency_key=entry.entry_id)
