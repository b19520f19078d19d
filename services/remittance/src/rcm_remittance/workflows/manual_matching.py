"""Apply MatchRemittanceLine (a biller matched a queue item by hand): the I/O around service.manual_match.

Entries first (deterministic ids, duplicates ignored), then the item's status and the PaymentPosted and
adjudication events in one write of the item document (AggregateStore.handle): a crash and retry posts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from rcm_platform import AggregateStore, Decision, PermanentError
from rcm_schemas import EventMessage
from rcm_schemas.events.remittance import MatchRemittanceLine

from rcm_remittance.adapters.known_claim_documents import KnownClaimRepository
from rcm_remittance.adapters.ledger_repository import LedgerRepository
from rcm_remittance.adapters.unmatched_repository import RESOLVED, UnmatchedRepository
from rcm_remittance.service.manual_match import ManualMatch, ManualMatchRefused, apply_manual_match

log = structlog.get_logger("rcm.remittance.manual_match")


def resolved_state(
    state: dict[str, Any], command: MatchRemittanceLine, resolved_at: datetime, entry_count: int
) -> dict[str, Any]:
    return {
        **state,
        "status": RESOLVED,
        "matched_claim_id": command.claim_id,
        "matched_line_number": command.line_number,
        "resolved_by": command.requested_by,
        "resolved_at": resolved_at,
        "resolution_entry_count": entry_count,
    }


@dataclass
class ManualMatchWorkflow:
    items: AggregateStore
    unmatched: UnmatchedRepository
    known_claims: KnownClaimRepository
    ledger: LedgerRepository

    async def apply(self, command: MatchRemittanceLine, cause: EventMessage) -> None:
        tenant_id = cause.envelope.tenant_id
        found = await self.unmatched.get(command.unmatched_item_id, tenant_id)
        if found is None:
            raise PermanentError(f"no unmatched item {command.unmatched_item_id}")
        item, state = found
        if state["status"] == RESOLVED:
            log.info("unmatched item already resolved", item_id=item.item_id)
            return
        known = await self.known_claims.get(command.claim_id, tenant_id)
        prior = await self.ledger.prior_of_claims([command.claim_id], tenant_id, [item.remittance_key])
        match = ManualMatch.from_command(command, str(cause.envelope.event_id))
        try:
            result = apply_manual_match(
                match, item, known, cause.envelope.occurred_at, prior_entries=prior.get(command.claim_id, ())
            )
        except ManualMatchRefused as refused:
            raise PermanentError(f"manual match refused: {refused}") from None
        await self.ledger.append(result.entries, tenant_id)
        await self.unmatched.add(result.new_unmatched, tenant_id)
        new_state = resolved_state(state, command, cause.envelope.occurred_at, len(result.entries))

        def decide(current: dict[str, Any] | None) -> Decision | None:
            if current is None or current.get("status") == RESOLVED:
                return None
            return Decision(new_state, result.events)

        await self.items.handle(item.item_id, cause, decide)
        log.info(
            "unmatched item matched by hand",
            item_id=item.item_id,
            claim_id=command.claim_id,
            entries=len(result.entries),
        )
