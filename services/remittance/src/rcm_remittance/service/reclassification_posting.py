"""Use case: book a reviewer's reclassification (DenialReclassified) in the claim's account.

The claim's amounts adjusted under the reclassified CARCs were booked "unclassified, under review". Each such
entry gets one `reclassification` entry moving its amount to denied; the original is never rewritten.

Denied whatever the reviewer's category, because that is how the ledger books a known CARC too (category_of):
the CAS group, not the CARC's category, says who owes. Under CO, OA or PI the patient may not be billed, so even a
"patient_share" or "informational" code is an amount the payer did not pay, open with the payer until paid,
written off or reversed; a PR amount was never unclassified (it is booked as the patient's share at posting).
Contractual is only the CO-45 family (CONTRACTUAL_CARCS), which a code we had no category for cannot belong to.

Idempotent: the entry id comes from the event id and the entry it moves, and an entry already moved by an
earlier reclassification is not moved again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rcm_schemas import EventMessage
from rcm_schemas.events.denials import DenialReclassified

from rcm_remittance.domain.ledger import LedgerEntry, category_of, ledger_entry_id
from rcm_remittance.service.ports import Ledger

RECLASSIFICATION_SOURCE = "denial-reclassification"
"""The remittance_key prefix of a reclassification entry: no remittance total includes it."""


def reclassification_entries(
    event: DenialReclassified, cause: EventMessage, claim_entries: Sequence[LedgerEntry]
) -> list[LedgerEntry]:
    """One entry per unclassified entry of the claim under the event's codes that no reclassification moved."""
    envelope = cause.envelope
    codes = {(code.group_code, code.carc) for code in event.adjustments}
    moved = {e.reverses_entry_id for e in claim_entries if e.kind == "reclassification"}
    return [
        LedgerEntry(
            entry_id=ledger_entry_id(
                envelope.tenant_id, RECLASSIFICATION_SOURCE, envelope.event_id, entry.entry_id
            ),
            remittance_key=f"{RECLASSIFICATION_SOURCE}:{event.denial_id}",
            payer_id=entry.payer_id,
            trace_number=entry.trace_number,
            claim_id=entry.claim_id,
            line_number=entry.line_number,
            amount=entry.amount,
            kind="reclassification",
            group_code=entry.group_code,
            carc=entry.carc,
            posted_at=envelope.occurred_at,
            reverses_entry_id=entry.entry_id,
        )
        for entry in claim_entries
        if entry.claim_id == event.claim_id
        and category_of(entry) == "unclassified"
        and (entry.group_code, (entry.carc or "").strip().upper()) in codes
        and entry.entry_id not in moved
    ]


@dataclass
class DenialReclassificationPosting:
    ledger: Ledger

    async def post(self, event: DenialReclassified, cause: EventMessage) -> int:
        """How many entries were linked now (0 for a duplicate or a claim with nothing under review)."""
        tenant_id = cause.envelope.tenant_id
        entries = reclassification_entries(
            event, cause, await self.ledger.of_claim(event.claim_id, tenant_id)
        )
        return await self.ledger.append(entries, tenant_id) if entries else 0
