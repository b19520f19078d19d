"""The biller's commands on a held claim: edit it (UpdateHeldClaim) or release it (ReleaseHeldClaim).

Both re-scrub the claim and submit it when it comes out clean; both are applied by the consumer that owns the
claim's partition, so the biller's HTTP request never races the claim's other events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import rcm_x12
import structlog
from rcm_schemas import EventMessage

from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import Correction, CorrectionError
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.service.claim_intake import submit_if_scrubbed
from rcm_claims.service.claim_workflow import ClaimWorkflow, log_unchanged
from rcm_claims.service.decisions import ClaimDecision
from rcm_claims.service.ports import UnknownClaim
from rcm_claims.service.scrubbing import edit_held_claim, release_held_claim

log = structlog.get_logger("rcm.claims.held_claims")


@dataclass
class HeldClaimCommands:
    workflow: ClaimWorkflow

    async def edit_held(
        self,
        claim_id: str,
        work_item_id: str,
        corrections: Sequence[Correction],
        by: str,
        cause: EventMessage,
    ) -> str:
        """UpdateHeldClaim: the biller's edit, re-scrubbed; a claim now clean is submitted."""
        context, controls, event_id, at = await self._prepare(claim_id, cause)

        def decide(existing: ClaimRecord | None) -> ClaimDecision | None:
            held = _with_work_item(existing, work_item_id, claim_id)
            if held is None:
                return None
            try:
                fixes = self.workflow.priced(corrections, held.claim)
                edited = edit_held_claim(held, fixes, context, by=by, event_id=event_id, at=at)
            except CorrectionError as error:
                log.warning("biller edit refused", claim_id=claim_id, reason=str(error))
                return None
            decision = submit_if_scrubbed(
                edited,
                context=context,
                transmission=self.workflow.transmission_for(at),
                controls=controls,
                event_id=event_id,
                at=at,
            )
            log_unchanged(decision, claim_id, "edit")
            return decision

        outcome = await self.workflow.claims.apply(claim_id, cause, decide)
        await self.workflow.remember_if_sent(claim_id)
        return outcome

    async def release_held(
        self, claim_id: str, work_item_id: str, accepted_rule_ids: Sequence[str], by: str, cause: EventMessage
    ) -> str:
        """ReleaseHeldClaim: submit a held claim, the biller accepting the listed findings."""
        context, controls, event_id, at = await self._prepare(claim_id, cause)

        def decide(existing: ClaimRecord | None) -> ClaimDecision | None:
            held = _with_work_item(existing, work_item_id, claim_id)
            if held is None:
                return None
            released = release_held_claim(
                held, context, by=by, accepted_rule_ids=accepted_rule_ids, event_id=event_id, at=at
            )
            decision = submit_if_scrubbed(
                released,
                context=context,
                transmission=self.workflow.transmission_for(at),
                controls=controls,
                event_id=event_id,
                at=at,
            )
            log_unchanged(decision, claim_id, "release")
            return decision

        outcome = await self.workflow.claims.apply(claim_id, cause, decide)
        await self.workflow.remember_if_sent(claim_id)
        return outcome

    async def _prepare(
        self, claim_id: str, cause: EventMessage
    ) -> tuple[ScrubContext, rcm_x12.ControlNumbers, str, datetime]:
        record = await self.workflow.claims.load(claim_id)
        if record is None:
            raise UnknownClaim(f"claim {claim_id} is unknown to the claims service")
        event_id = str(cause.envelope.event_id)
        controls = await self.workflow.control_numbers.reserve(f"{claim_id}/{event_id}")
        return (
            await self.workflow.context_for(record.claim, cause),
            controls,
            event_id,
            cause.envelope.occurred_at,
        )


def _with_work_item(record: ClaimRecord | None, work_item_id: str, claim_id: str) -> ClaimRecord | None:
    """The claim when `work_item_id` is its work item; None (the command is ignored) otherwise."""
    if record is None or record.work_item is None or record.work_item.work_item_id != work_item_id:
        log.warning("command names no work item of this claim; ignored", claim_id=claim_id)
        return None
    return record
