"""The claim workflow: each incoming event or command, applied to the claim aggregate(s) it concerns.

I/O goes through ports (store, control numbers, submitted-claims ledger); the decisions themselves are the
pure use cases. Every decision is deterministic for a given cause (its event id and occurred_at), which is
what makes a redelivered cause safe: the store recognises its marker, and when a step was only half done
(the replacement written, the original not yet) recomputing it gives the very same result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import structlog
from rcm_schemas import EventMessage

from rcm_claims.domain.claim import PriorAdjudication, ProfessionalClaim
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.coordination import NextPayerNotBilled, next_payer_claim, next_payer_claim_id
from rcm_claims.domain.corrections import Correction, UnitPrice, priced
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.rules_data.mue import MueTable
from rcm_claims.rules_data.ncci import PtpTable
from rcm_claims.service.claim_intake import build_and_submit
from rcm_claims.service.corrections import request_correction
from rcm_claims.service.decisions import ClaimDecision
from rcm_claims.service.payer_events import record_payer_event
from rcm_claims.service.ports import (
    ClaimStore,
    ControlNumberSource,
    SubmittedClaims,
    TransmissionFor,
    UnknownClaim,
)

log = structlog.get_logger("rcm.claims.workflow")
# The submitted-claims ledger feeds the payer's duplicate edit; a self-pay bill never reached a payer.
_NOT_SENT = frozenset(
    {ClaimStatus.DRAFT, ClaimStatus.HELD, ClaimStatus.SCRUBBED, ClaimStatus.BILLED_TO_PATIENT}
)


@dataclass
class ClaimWorkflow:
    claims: ClaimStore
    control_numbers: ControlNumberSource
    submitted: SubmittedClaims
    transmission_for: TransmissionFor
    ptp: PtpTable
    mue: MueTable
    unit_price: UnitPrice | None = None
    """The clinic's fee schedule, for a correction that changes a procedure code (None: such a fix is refused)."""

    def priced(self, corrections: Sequence[Correction], claim: ProfessionalClaim) -> Sequence[Correction]:
        return corrections if self.unit_price is None else priced(corrections, claim, self.unit_price)

    async def context_for(self, claim: ProfessionalClaim, cause: EventMessage) -> ScrubContext:
        at = cause.envelope.occurred_at
        # Timely filing is judged on the day the cause happened, so a retry days later decides the same.
        return ScrubContext(
            submission_date=at.date(),
            scrubbed_at=at,
            ptp=self.ptp,
            mue=self.mue,
            prior_fingerprints=await self.submitted.prior_fingerprints(claim),
        )

    async def remember_if_sent(self, claim_id: str) -> None:
        # After the write, and again on a redelivery: a crash in between leaves no hole in the ledger.
        record = await self.claims.load(claim_id)
        if record is not None and record.status not in _NOT_SENT and record.claim.original_claim_id is None:
            await self.submitted.remember(record.claim)

    async def submit_new_claim(self, claim: ProfessionalClaim, work_item_id: str, cause: EventMessage) -> str:
        """EncounterCoded: build, scrub, then hold, submit, or bill the patient (self-pay)."""
        event_id, at = str(cause.envelope.event_id), cause.envelope.occurred_at
        controls = await self.control_numbers.reserve(f"{claim.claim_id}/{event_id}")
        context = await self.context_for(claim, cause)
        transmission = self.transmission_for(at)

        def decide(existing: ClaimRecord | None) -> ClaimDecision | None:
            if existing is not None:  # a re-coded encounter does not rebuild a claim already under way
                log.warning(
                    "claim already built for this encounter; event ignored",
                    claim_id=claim.claim_id,
                    status=str(existing.status),
                )
                return None
            return build_and_submit(
                claim,
                context,
                transmission=transmission,
                controls=controls,
                work_item_id=work_item_id,
                event_id=event_id,
                at=at,
            )

        outcome = await self.claims.apply(claim.claim_id, cause, decide)
        await self.remember_if_sent(claim.claim_id)
        return outcome

    async def record_payer_fact(
        self,
        claim_id: str,
        event: ClaimEvent,
        cause: EventMessage,
        *,
        payer_claim_control_number: str | None,
        details: dict[str, str],
    ) -> str:
        """Acknowledged, rejected, paid, partially paid, denied, reversed: move the claim's state."""
        event_id, at = str(cause.envelope.event_id), cause.envelope.occurred_at

        def decide(existing: ClaimRecord | None) -> ClaimDecision | None:
            if existing is None:
                raise UnknownClaim(f"claim {claim_id} is unknown to the claims service")
            decision = record_payer_event(
                existing,
                event,
                event_id=event_id,
                at=at,
                payer_claim_control_number=payer_claim_control_number,
                details=details,
            )
            log_unchanged(decision, claim_id, str(event))
            return decision

        return await self.claims.apply(claim_id, cause, decide)

    async def bill_next_payer(
        self,
        decision: PriorAdjudication,
        claim_status_code: str,
        cause: EventMessage,
        work_item_id_for: Callable[[str], str],
        answered_by: str,
    ) -> str:
        """ClaimPaid / ClaimPartiallyPaid: what the payer left to the patient goes to the next coverage's payer
        on a claim of its own (coordination of benefits), built, scrubbed and submitted like any new claim.

        The new claim's id is derived from the adjudicated claim and the next payer, so a redelivered 835 finds
        it built already and changes nothing.
        """
        record = await self.claims.load(decision.claim_id)
        if record is None:
            raise UnknownClaim(f"claim {decision.claim_id} is unknown to the claims service")
        if not record.claim.other_coverages or answered_by != record.claim.coverage.payer_id:
            return "no_next_payer"  # a later payer answering under this claim's id (a crossover) bills nobody
        next_claim_id = next_payer_claim_id(decision.claim_id, record.claim.other_coverages[0].payer_id)
        try:
            claim = next_payer_claim(
                record.claim, decision, claim_status_code=claim_status_code, next_claim_id=next_claim_id
            )
        except NextPayerNotBilled as why:
            log.info("next payer not billed", claim_id=decision.claim_id, reason=str(why))
            return "not_billed"
        outcome = await self.submit_new_claim(claim, work_item_id_for(next_claim_id), cause)
        log.info(
            "next payer billed", claim_id=decision.claim_id, next_claim_id=next_claim_id, outcome=outcome
        )
        return outcome

    async def correct_claim(
        self,
        claim_id: str,
        corrections: Sequence[Correction],
        cause: EventMessage,
        *,
        correction_id: str,
        replacement_claim_id: str,
        payer_claim_control_number: str | None,
    ) -> str:
        """CorrectionRequested: a replacement claim (frequency 7, REF*F8), scrubbed and submitted.

        Two aggregates change, and there is no multi-document transaction: the replacement is written first
        (its own document, its events in its own outbox), then the original is marked replaced. A crash
        between the two is healed by the redelivery: the replacement's write is recognised by its marker,
        and the original's decision, recomputed from the unchanged original, is the same.
        """
        original = await self.claims.load(claim_id)
        if original is None:
            raise UnknownClaim(f"claim {claim_id} is unknown to the claims service")
        event_id, at = str(cause.envelope.event_id), cause.envelope.occurred_at
        controls = await self.control_numbers.reserve(f"{replacement_claim_id}/{event_id}")
        context = await self.context_for(original.claim, cause)
        transmission = self.transmission_for(at)
        corrections = self.priced(corrections, original.claim)

        def correct(record: ClaimRecord) -> tuple[ClaimDecision, ClaimRecord | None]:
            decision = request_correction(
                record,
                corrections,
                context,
                correction_id=correction_id,
                replacement_claim_id=replacement_claim_id,
                transmission=transmission,
                controls=controls,
                event_id=event_id,
                at=at,
                payer_claim_control_number=payer_claim_control_number,
            )
            outcome = ClaimDecision(decision.original, decision.outcome, decision.events, decision.reason)
            return outcome, decision.replacement

        first, replacement = correct(original)  # a correction that cannot apply comes back "refused"
        if first.outcome != "applied" or replacement is None:
            log.info("correction not applied", claim_id=claim_id, outcome=first.outcome, reason=first.reason)
            return first.outcome
        new_claim = ClaimDecision(replacement, "applied", first.events)
        await self.claims.apply(
            replacement_claim_id, cause, lambda existing: None if existing is not None else new_claim
        )

        def mark_original(current: ClaimRecord | None) -> ClaimDecision | None:
            if current is None:
                return None
            decision, _ = correct(current)
            return ClaimDecision(decision.record, decision.outcome) if decision.outcome == "applied" else None

        return await self.claims.apply(claim_id, cause, mark_original)


def log_unchanged(decision: ClaimDecision, claim_id: str, what: str) -> None:
    if decision.outcome in ("refused", "duplicate") or decision.reason:
        log.info(
            "claim event not applied",
            claim_id=claim_id,
            what=what,
            outcome=decision.outcome,
            reason=decision.reason,
        )
