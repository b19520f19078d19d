"""Use case: book a denial written off (DenialWrittenOff) in the claim's account.

Denials decides the write-off; the ledger is remittance's, so the amount leaves A/R here, as a `write_off` entry
(category denial_write_off, KPI AR-6). The entry id comes from the event id, so a redelivered or replayed event
links nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm_schemas import EventMessage
from rcm_schemas.events.denials import DenialWrittenOff

from rcm_remittance.domain.ledger import LedgerEntry, ledger_entry_id
from rcm_remittance.service.ports import Ledger

WRITE_OFF_SOURCE = "denial-write-off"
"""The remittance_key of a write-off entry: it came from no remittance, and no remittance total includes it."""


def write_off_entry(event: DenialWrittenOff, cause: EventMessage) -> LedgerEntry:
    envelope = cause.envelope
    return LedgerEntry(
        entry_id=ledger_entry_id(envelope.tenant_id, WRITE_OFF_SOURCE, envelope.event_id),
        remittance_key=f"{WRITE_OFF_SOURCE}:{event.denial_id}",
        payer_id=event.payer_id,
        trace_number="",
        claim_id=event.claim_id,
        line_number=None,
        amount=event.amount,
        kind="write_off",
        group_code=None,
        carc=None,
        posted_at=envelope.occurred_at,
    )


@dataclass
class DenialWriteOffPosting:
    ledger: Ledger

    async def post(self, event: DenialWrittenOff, cause: EventMessage) -> bool:
        """True when the entry was linked now; False for a duplicate."""
        linked = await self.ledger.append([write_off_entry(event, cause)], cause.envelope.tenant_id)
        return linked > 0
