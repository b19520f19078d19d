"""Use cases that chain scrub and submit: a new claim from a coded encounter, and a claim a biller cleared.

A clean claim goes to its payer as 837P, or, when the visit is self-pay, to the patient as their bill.
"""

from __future__ import annotations

from datetime import datetime

import rcm_x12

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.service.decisions import ClaimDecision
from rcm_claims.service.scrubbing import bill_patient, scrub_claim, submit_claim


def submit_if_scrubbed(
    decision: ClaimDecision,
    *,
    context: ScrubContext,
    transmission: rcm_x12.ClaimTransmission,
    controls: rcm_x12.ControlNumbers,
    event_id: str,
    at: datetime,
) -> ClaimDecision:
    """A claim that came out of the scrubber clean goes straight out: no manual touch on a clean claim. A
    self-pay claim goes to the patient (SelfPayClaimBilled) and never to a payer: no 837P is written."""
    if not decision.changed or decision.record.status is not ClaimStatus.SCRUBBED:
        return decision
    if context.bills_patient(decision.record.claim):
        sent = bill_patient(decision.record, event_id=f"{event_id}:bill_patient", at=at)
    else:
        sent = submit_claim(
            decision.record,
            transmission=transmission,
            controls=controls,
            event_id=f"{event_id}:submit",
            at=at,
        )
    if sent.outcome != "applied":
        return ClaimDecision(decision.record, decision.outcome, decision.events, sent.reason)
    return ClaimDecision(sent.record, "applied", (*decision.events, *sent.events))


def build_and_submit(
    claim: ProfessionalClaim,
    context: ScrubContext,
    *,
    transmission: rcm_x12.ClaimTransmission,
    controls: rcm_x12.ControlNumbers,
    work_item_id: str,
    event_id: str,
    at: datetime,
) -> ClaimDecision:
    """A new claim: scrub it (held with a work item, or clean) and submit it when clean."""
    scrubbed = scrub_claim(
        ClaimRecord(claim=claim), context, event_id=f"{event_id}:scrub", at=at, work_item_id=work_item_id
    )
    return submit_if_scrubbed(
        scrubbed, context=context, transmission=transmission, controls=controls, event_id=event_id, at=at
    )
