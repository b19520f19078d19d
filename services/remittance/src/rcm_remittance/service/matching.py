"""Use cases of the unmatched queue: a biller asks for a match (HTTP), the owner of the item applies it
(MatchRemittanceLine), and a claim that arrives after its payment has its waiting items matched.

Applying a match: entries first (deterministic ids, duplicates ignored), then the item's status and the
PaymentPosted and adjudication events in one write of the item (UnmatchedQueue.resolve): a crash and retry
posts once, and a second command for a resolved item does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from pydantic import ValidationError
from rcm_platform.errors import PermanentError
from rcm_schemas import Envelope, EventMessage
from rcm_schemas.events.remittance import MatchRemittanceLine

from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.unmatched import OPEN, RESOLVED, Resolution, UnmatchedItem
from rcm_remittance.service.manual_match import ManualMatch, ManualMatchRefused, apply_manual_match
from rcm_remittance.service.ports import KnownClaims, Ledger, SendCommand, UnmatchedQueue

log = structlog.get_logger("rcm.remittance.manual_match")
LATE_CLAIM_MATCHER = "remittance: claim known after its remittance"


class NoSuchItem(Exception):
    """The queue holds no such item for this tenant (HTTP 404)."""


class ItemNotOpen(Exception):
    """The item was resolved already (HTTP 409)."""

    def __init__(self, item_id: str, status: str) -> None:
        super().__init__(f"unmatched item {item_id} is already {status}")


class ItemNotMatchable(Exception):
    """The payer's claim itself is wrong (invalid_claim): no claim of ours can take it (HTTP 409)."""

    def __init__(self, item: UnmatchedItem) -> None:
        super().__init__(
            f"unmatched item {item.item_id} cannot be posted as the payer sent it ({item.problem}): "
            "ask the payer for a corrected 835"
        )


class MatchRequestRefused(Exception):
    """The biller's request names a claim or line we do not know (HTTP 422 on `field`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class UnmatchedMatching:
    unmatched: UnmatchedQueue
    known_claims: KnownClaims
    ledger: Ledger
    send_command: SendCommand

    async def request_match(
        self,
        item_id: str,
        *,
        claim_id: str,
        line_number: int | None,
        requested_by: str,
        tenant_id: str,
        idempotency_key: str | None = None,
    ) -> str:
        """Check a biller's match and send it to the item's owner; returns the command id."""
        found = await self.unmatched.get(item_id, tenant_id)
        if found is None:
            raise NoSuchItem(f"no unmatched item {item_id}")
        item, status = found
        if status != OPEN:
            raise ItemNotOpen(item_id, status)
        if item.reason == "invalid_claim":
            raise ItemNotMatchable(item)
        known = await self.known_claims.get(claim_id, tenant_id)
        if known is None:
            raise MatchRequestRefused("claim_id", f"claim {claim_id} is not known to remittance")
        if line_number is not None and known.line(line_number) is None:
            raise MatchRequestRefused("line_number", f"claim {claim_id} has no line {line_number}")
        try:
            command = MatchRemittanceLine(
                trace_number=item.trace_number,
                payer_id=item.payer_id,
                unmatched_item_id=item.item_id,
                claim_id=claim_id,
                line_number=line_number,
                requested_by=requested_by,
            )
        except ValidationError as invalid:
            field = str(invalid.errors()[0]["loc"][0]) if invalid.errors() else "body"
            raise MatchRequestRefused(field, "invalid match request") from None
        command_id = await self.send_command(command, tenant_id=tenant_id, idempotency_key=idempotency_key)
        return str(command_id)

    async def apply(self, command: MatchRemittanceLine, cause: EventMessage) -> None:
        """MatchRemittanceLine: post the item to the claim (and line) chosen, once."""
        tenant_id = cause.envelope.tenant_id
        found = await self.unmatched.get(command.unmatched_item_id, tenant_id)
        if found is None:
            raise PermanentError(f"no unmatched item {command.unmatched_item_id}")
        item, status = found
        if status == RESOLVED:
            log.info("unmatched item already resolved", item_id=item.item_id)
            return
        known = await self.known_claims.get(command.claim_id, tenant_id)
        prior = await self.ledger.prior_of_claims([command.claim_id], tenant_id, [item.remittance_key])
        match = ManualMatch.from_command(command, str(cause.envelope.event_id))
        try:
            result = apply_manual_match(
                match,
                item,
                known,
                cause.envelope.occurred_at,
                prior_entries=prior.get(command.claim_id, ()),
                tenant_id=tenant_id,
            )
        except ManualMatchRefused as refused:
            raise PermanentError(f"manual match refused: {refused}") from None
        await self.ledger.append(result.entries, tenant_id)
        await self.unmatched.add(result.new_unmatched, tenant_id)
        resolution = Resolution(
            claim_id=command.claim_id,
            line_number=command.line_number,
            resolved_by=command.requested_by,
            resolved_at=cause.envelope.occurred_at,
            entry_count=len(result.entries),
        )
        await self.unmatched.resolve(item.item_id, cause, resolution, result.events)
        log.info(
            "unmatched item matched by hand",
            item_id=item.item_id,
            claim_id=command.claim_id,
            entries=len(result.entries),
        )

    async def claim_submitted(self, claim: KnownClaim, payer_id: str, cause: Envelope) -> None:
        """ClaimSubmitted: remember the claim, and have the items already waiting for it matched."""
        tenant_id = cause.tenant_id
        await self.known_claims.remember(claim, tenant_id=tenant_id, payer_id=payer_id)
        # Its remittance may have come first (no order between topics): match what waits for it, through the
        # item's owner, as a biller would. Sent before the handler returns, so a crash resends it (a resolved
        # item ignores a second match).
        for item in await self.unmatched.open_unknown_claim_items(claim.claim_id, tenant_id):
            match = MatchRemittanceLine(
                trace_number=item.trace_number,
                payer_id=item.payer_id,
                unmatched_item_id=item.item_id,
                claim_id=claim.claim_id,
                requested_by=LATE_CLAIM_MATCHER,
            )
            await self.send_command(match, tenant_id=tenant_id, correlation_id=cause.correlation_id)
