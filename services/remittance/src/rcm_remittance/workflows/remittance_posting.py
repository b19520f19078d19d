"""Post a received 835 file: the I/O around the pure use case (service.file_posting), one transaction at a
time, so that a crash at any point and the redelivery that follows post everything exactly once.

Per transaction: ledger entries, unmatched items and outbox pages are unique-keyed inserts (duplicates
ignored); then the remittance document (its _id is TRN02 + payer) is written with the cause's processed
marker: that write is the commit point. A transaction whose document says "posted" is a duplicate and
produces nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import structlog
from rcm_platform import AggregateStore, Decision, PermanentError
from rcm_platform.publisher import EventPublisher, OutgoingRecord
from rcm_schemas import EventMessage, new_message
from rcm_schemas.envelope import Event
from rcm_x12 import Remittance

from rcm_remittance.adapters.known_claim_documents import KnownClaimRepository
from rcm_remittance.adapters.ledger_repository import LedgerRepository
from rcm_remittance.adapters.outbox_pages import OutboxPages
from rcm_remittance.adapters.remittance_documents import remittance_state
from rcm_remittance.adapters.unmatched_repository import UnmatchedRepository
from rcm_remittance.domain.remittance_identity import key_of
from rcm_remittance.service.file_intake import RemittanceFileRejected, read_remittance_file
from rcm_remittance.service.file_posting import (
    RemittancePosting,
    claim_ids_in,
    gc_paused,
    post_remittances,
    reversed_claim_ids,
)

log = structlog.get_logger("rcm.remittance.posting")
_EVENT_IDS = uuid5(NAMESPACE_URL, "rcm:remittance:events")


def rejection_text(error: RemittanceFileRejected) -> str:
    """Names the segment and its position when the reader gave them; problems name claims, never patients."""
    where = ""
    if error.segment_id is not None:
        where = f"segment {error.segment_id} at position {error.segment_position}: "
    return f"835 file rejected, nothing posted: {where}{'; '.join(error.problems)[:800]}"


def read_or_reject(text: str) -> list[Remittance]:
    try:
        return read_remittance_file(text)
    except RemittanceFileRejected as error:
        raise PermanentError(rejection_text(error)) from None


def event_id_for(cause: EventMessage, remittance_key: str, index: int) -> UUID:
    """Deterministic: a retry after a crash rebuilds the same ids, which consumers deduplicate."""
    return uuid5(_EVENT_IDS, f"{cause.envelope.event_id}/{remittance_key}/{index}")


@dataclass
class RemittancePostingWorkflow:
    remittances: AggregateStore
    known_claims: KnownClaimRepository
    ledger: LedgerRepository
    unmatched: UnmatchedRepository
    outbox: OutboxPages
    publisher: EventPublisher
    producer: str

    async def post_file(
        self, text: str, cause: EventMessage, *, source: str = "simulator", file_name: str | None = None
    ) -> list[str]:
        """Returns the keys of the transactions posted now (duplicates excluded)."""
        remittances = read_or_reject(text)
        tenant_id = cause.envelope.tenant_id
        keys = [key_of(remittance) for remittance in remittances]
        committed = {key: await self.remittances.load(key) for key in keys}
        already_posted = {key for key, state in committed.items() if state and state.get("posted")}
        known = await self.known_claims.find_many(claim_ids_in(remittances), tenant_id)
        prior = await self.ledger.prior_of_claims(reversed_claim_ids(remittances), tenant_id, keys)
        with gc_paused():
            posting = post_remittances(remittances, known, cause.envelope.occurred_at, prior, already_posted)
        posted: list[str] = []
        for remittance, result in zip(remittances, posting.remittances, strict=True):
            if result.duplicate:
                state = committed.get(result.remittance_key)
                if state is not None:  # an earlier attempt may have died between its commit and its publish
                    await self.outbox.publish(result.remittance_key, state.get("outbox_pages", 0))
                log.info("remittance already posted", remittance_key=result.remittance_key)
                continue
            await self._post_one(result, remittance, cause, source, file_name)
            posted.append(result.remittance_key)
        return posted

    async def _post_one(
        self,
        result: RemittancePosting,
        remittance: Remittance,
        cause: EventMessage,
        source: str,
        file_name: str | None,
    ) -> None:
        tenant_id, key = cause.envelope.tenant_id, result.remittance_key
        await self.ledger.append(result.entries, tenant_id)
        await self.unmatched.add(result.unmatched, tenant_id)
        records = [self._record(event, cause, key, index) for index, event in enumerate(result.events)]
        page_count = await self.outbox.write(key, records)
        state = remittance_state(
            result,
            remittance,
            page_count=page_count,
            event_count=len(records),
            source=source,
            file_name=file_name,
        )

        def decide(current: dict[str, Any] | None) -> Decision | None:
            return None if current and current.get("posted") else Decision(state, ())

        await self.remittances.handle(key, cause, decide)
        await self.outbox.publish(key, page_count)
        log.info(
            "remittance posted",
            remittance_key=key,
            claims=len(result.claims),
            unmatched=len(result.unmatched),
            entries=len(result.entries),
            events=len(records),
            balanced=result.reconciliation.balanced if result.reconciliation else None,
        )

    def _record(self, event: Event, cause: EventMessage, key: str, index: int) -> OutgoingRecord:
        message = new_message(
            event,
            producer=self.producer,
            tenant_id=cause.envelope.tenant_id,
            caused_by=cause.envelope,
            event_id=event_id_for(cause, key, index),
        )
        return self.publisher.record_for(message)

    async def committed_page_count(self, remittance_key: str) -> int | None:
        state = await self.remittances.load(remittance_key)
        return int(state.get("outbox_pages", 0)) if state and state.get("posted") else None
