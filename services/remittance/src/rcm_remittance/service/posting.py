"""Use case: post a received 835 file (RemittanceReceived), one transaction at a time, so that a crash at any
point and the redelivery that follows post everything exactly once.

The posting itself is pure (file_posting); around it, per transaction: ledger entries, unmatched items and the
outbox are unique-keyed writes (a second write keeps the first), then the remittance is committed with the
cause's processed marker: that write is the commit point. Then its events are published. A transaction
already committed is a duplicate: it produces nothing new, and only the publishing an earlier attempt may not
have finished is done again.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

import structlog
from rcm_platform.audit.trail import AuditLog, AuditRecord, service_actor
from rcm_platform.errors import PermanentError
from rcm_schemas import Event, EventMessage, new_message
from rcm_x12 import Remittance

from rcm_remittance.domain.remittance_identity import key_of, stored_key
from rcm_remittance.domain.underpayment import UnderpaymentCheck
from rcm_remittance.service.file_intake import RemittanceFileRejected, read_remittance_file
from rcm_remittance.service.file_posting import (
    RemittancePosting,
    claim_ids_in,
    gc_paused,
    post_remittances,
    reversed_claim_ids,
)
from rcm_remittance.service.ports import (
    Clock,
    KnownClaims,
    Ledger,
    RemittanceOutbox,
    Remittances,
    UnmatchedQueue,
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
class RemittanceFilePosting:
    remittances: Remittances
    known_claims: KnownClaims
    ledger: Ledger
    unmatched: UnmatchedQueue
    outbox: RemittanceOutbox
    producer: str
    clock: Clock
    audit: AuditLog
    underpayments: UnderpaymentCheck | None = None
    """The clinic's payer contracts, to find what a payer allowed below them (None: not checked)."""

    async def post_file(
        self, text: str, cause: EventMessage, *, source: str = "simulator", file_name: str | None = None
    ) -> list[str]:
        """Returns the keys of the transactions posted now (duplicates excluded)."""
        remittances = read_or_reject(text)
        tenant_id = cause.envelope.tenant_id
        keys = [key_of(remittance) for remittance in remittances]
        committed = {key: await self.remittances.posted_page_count(key, tenant_id) for key in keys}
        already_posted = {key for key, pages in committed.items() if pages is not None}
        known = await self.known_claims.find_many(claim_ids_in(remittances), tenant_id)
        prior = await self.ledger.prior_of_claims(reversed_claim_ids(remittances), tenant_id, keys)
        with gc_paused():
            posting = post_remittances(
                remittances,
                known,
                cause.envelope.occurred_at,
                prior,
                already_posted,
                tenant_id,
                self.underpayments,
            )
        posted: list[str] = []
        for remittance, result in zip(remittances, posting.remittances, strict=True):
            if result.duplicate:
                page_count = committed.get(result.remittance_key)
                if page_count is not None:  # an earlier attempt may have died between its commit and publish
                    await self.outbox.publish(stored_key(tenant_id, result.remittance_key), page_count)
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
        await self.audit.record(tenant_id, self._audit_records(result, cause))
        await self.unmatched.add(result.unmatched, tenant_id)
        messages = [self._message(event, cause, key, index) for index, event in enumerate(result.events)]
        page_count = await self.outbox.write(stored_key(tenant_id, key), messages)
        await self.remittances.commit(
            result,
            remittance,
            cause,
            page_count=page_count,
            event_count=len(messages),
            source=source,
            file_name=file_name,
        )
        await self.outbox.publish(stored_key(tenant_id, key), page_count)
        log.info(
            "remittance posted",
            remittance_key=key,
            claims=len(result.claims),
            unmatched=len(result.unmatched),
            entries=len(result.entries),
            events=len(messages),
            balanced=result.reconciliation.balanced if result.reconciliation else None,
        )

    def _audit_records(self, result: RemittancePosting, cause: EventMessage) -> list[AuditRecord]:
        """One record per claim posted: an auditor asking who changed a claim's balance finds it by claim id.
        Keyed by the cause, so a redelivered 835 records nothing twice."""
        why = f"835 trace {result.trace_number} from payer {result.payer_id}"
        return [
            AuditRecord(
                audit_id=f"{cause.envelope.event_id}/{result.remittance_key}/{claim.claim_id}/{claim.occurrence}",
                at=cause.envelope.occurred_at,
                actor=service_actor(self.producer),
                role="system",
                action="post remittance",
                why=why,
                outcome="applied",
                source="event",
                target={"claim_id": claim.claim_id, "remittance_key": result.remittance_key},
                cause=str(cause.envelope.event_id),
            )
            for claim in result.claims
        ]

    def _message(self, event: Event, cause: EventMessage, key: str, index: int) -> EventMessage:
        return new_message(
            event,
            producer=self.producer,
            tenant_id=cause.envelope.tenant_id,
            caused_by=cause.envelope,
            event_id=event_id_for(cause, key, index),
            occurred_at=self.clock(),
        )

    async def committed_page_count(self, remittance_key: str) -> int | None:
        """For the start-up sweep of outbox pages: only a committed remittance's pages may be published."""
        return await self.remittances.posted_page_count(remittance_key)
