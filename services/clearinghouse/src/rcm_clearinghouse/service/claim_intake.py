"""Use case: one submitted claim through the clearinghouse and, when accepted, the simulated payer.

`plan_intake` is pure: from the claim's stored state, the gateway's answer and the simulated day it decides
the acknowledgment outcome, the adjudication (kept until its payment date) and the new state. Duplicates
(the same claim sent again as an original) are adjudicated again and deny CO-18 like a payer would; a
replacement (frequency 7) records which adjudication it replaces, and the release nets or supersedes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rcm_codesets import Payer, payer
from rcm_platform.ports import State
from rcm_x12 import Claim

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim, adjudicate_claim
from rcm_clearinghouse.domain.crossover import forwarded_claim, partner_named
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.service.adjudication_record import adjudication_entry
from rcm_clearinghouse.service.outcomes import (
    ClaimAcknowledgmentOutcome,
    FileAcknowledgment,
    SubmissionAcknowledgment,
)

REPLACEMENT, VOID = "7", "8"


@dataclass(frozen=True)
class Submission:
    """What the clearinghouse needs of a ClaimSubmitted."""

    claim_id: str
    payer_id: str
    frequency_code: str
    original_claim_id: str | None
    interchange_control_number: str
    x12_837p: str


@dataclass(frozen=True)
class ScheduledPayment:
    entry_id: str
    claim_id: str
    payment_date: date
    received_on: date | None = None
    """Lets the claim status follow-up skip claims too recent to ask about without reading them."""


@dataclass
class IntakePlan:
    state: State
    file_rejection: FileAcknowledgment | None = None
    claim_outcome: ClaimAcknowledgmentOutcome | None = None
    scheduled: ScheduledPayment | None = None
    adjudication: AdjudicatedClaim | None = field(default=None, repr=False)
    forwarded: ScheduledPayment | None = None
    """The crossover partner's payment of a claim Medicare forwarded to it (domain/crossover)."""


def _claim_not_in_file(submission: Submission, interchange: str) -> ClaimAcknowledgmentOutcome:
    return ClaimAcknowledgmentOutcome(
        claim_id=submission.claim_id,
        payer_id=submission.payer_id,
        accepted=False,
        status_code="A3:21",
        interchange_control_number=interchange,
        reason="claim id not found in the 837P file",
    )


def plan_intake(
    state: State | None,
    submission: Submission,
    ack: SubmissionAcknowledgment | None,
    today: date,
    scenario: Scenario,
) -> IntakePlan:
    current: State = dict(
        state
        or {
            "claim_id": submission.claim_id,
            "payer_id": submission.payer_id,
            "acknowledgments": [],
            "adjudications": [],
        }
    )
    record: dict[str, Any] = {
        "interchange_control_number": submission.interchange_control_number,
        "frequency_code": submission.frequency_code,
        "received_on": today.isoformat(),
    }
    if ack is None:  # an asynchronous gateway (file drop): the answer arrives by poll
        current["acknowledgments"] = [*current["acknowledgments"], {**record, "status": "sent"}]
        return IntakePlan(current)
    if not ack.file.accepted:
        problem = ack.file.problem
        current["acknowledgments"] = [
            *current["acknowledgments"],
            {
                **record,
                "status": "rejected",
                "ack_kind": "999",
                "reason": problem.reason if problem else None,
                "segment": problem.segment if problem else None,
            },
        ]
        return IntakePlan(current, file_rejection=ack.file)
    interchange = ack.file.interchange_control_number
    outcome = next((o for o in ack.claims if o.claim_id == submission.claim_id), None)
    outcome = outcome or _claim_not_in_file(submission, interchange)
    current["acknowledgments"] = [
        *current["acknowledgments"],
        {
            **record,
            "status": "accepted" if outcome.accepted else "rejected",
            "ack_kind": "277CA",
            "status_code": outcome.status_code,
            "reason": outcome.reason,
        },
    ]
    plan = IntakePlan(current, claim_outcome=outcome)
    claim = next((c for c in ack.accepted_claims if c.claim_id == submission.claim_id), None)
    if not outcome.accepted or claim is None or claim.frequency_code == VOID:
        return plan  # a void only cancels; nothing is paid for it
    found = payer(claim.payer.payer_id, min(line.service_date for line in claim.lines))
    if found is None:
        return plan
    # A payer judges duplicates among the claims it received itself (the simulator's history is per payer).
    earlier = [
        entry
        for entry in current["adjudications"]
        if not entry["duplicate"] and entry.get("payer_id") == found.payer_id
    ]
    duplicate = bool(earlier) and claim.frequency_code != REPLACEMENT
    decided = adjudicate_claim(claim, found, today, scenario, duplicate=duplicate)
    count = len(current["adjudications"])
    entry_id = submission.claim_id if count == 0 else f"{submission.claim_id}#{count + 1}"
    replaces = None
    if claim.frequency_code == REPLACEMENT:
        # The original is this claim's own first adjudication, or the claim named as the one replaced.
        replaces = earlier[-1]["entry_id"] if earlier else submission.original_claim_id
    current["adjudications"] = [
        *current["adjudications"],
        adjudication_entry(entry_id, decided, duplicate=duplicate, replaces=replaces),
    ]
    plan.scheduled = ScheduledPayment(entry_id, submission.claim_id, decided.payment_date, today)
    plan.adjudication = decided
    _forward_to_partner(plan, claim, found, decided, scenario)
    return plan


def _forward_to_partner(
    plan: IntakePlan, claim: Claim, medicare: Payer, decided: AdjudicatedClaim, scenario: Scenario
) -> None:
    """A claim Medicare forwarded (CLP02 19): the partner adjudicates it as secondary once Medicare has paid,
    and pays under the same claim id. It draws no denial of its own: its claim defects were Medicare's."""
    partner = partner_named(claim, decided.remit)
    found = payer(partner.payer_id, decided.received_on) if partner is not None else None
    if partner is None or found is None:
        return
    forwarded = forwarded_claim(claim, medicare, decided.remit, partner, decided.payment_date)
    quiet = scenario.model_copy(
        update={"payer_denial_rates": {**scenario.payer_denial_rates, found.payer_id: 0}}
    )
    answer = adjudicate_claim(forwarded, found, decided.payment_date, quiet)
    entries = plan.state["adjudications"]
    entry_id = f"{claim.claim_id}#{len(entries) + 1}"
    plan.state["adjudications"] = [
        *entries,
        adjudication_entry(entry_id, answer, duplicate=False, replaces=None),
    ]
    plan.forwarded = ScheduledPayment(entry_id, claim.claim_id, answer.payment_date, decided.payment_date)
