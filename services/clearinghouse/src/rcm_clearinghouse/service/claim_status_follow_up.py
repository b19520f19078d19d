"""Use case: each simulated day, ask the payers about the claims that heard nothing (276), record their answer
(277), and hand the ones still undecided near the timely-filing limit to a person (ClaimStatusEscalated).

The claim's submission document is the one writer: its `status_follow_up` keeps every inquiry and answer (the
claim's status timeline at the clearinghouse) and the escalation, written with their events in one document
write. A sweep run twice on one day changes nothing the second time (the day is the write's marker).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import structlog
from rcm_codesets import payer
from rcm_platform.ports import Decision, State
from rcm_schemas import Event
from rcm_schemas.events.claim_status import ClaimStatusEscalated, ClaimStatusInquired, ClaimStatusReported
from rcm_x12 import ControlNumbers, EnvelopeParties
from rcm_x12.claim_status276 import ClaimInquiry, ClaimStatusRequest, write_276
from rcm_x12.claim_status277 import ClaimStatusAnswer, ClaimStatusResponse, write_277
from rcm_x12.claim_status_codes import status_group, status_label

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim
from rcm_clearinghouse.domain.claim_status_follow_up import (
    FollowUpRules,
    PayerStatus,
    escalation_due,
    filing_deadline,
    inquiry_due,
    simulated_status,
)
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.seeded_draws import stable_digits
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock

log = structlog.get_logger("rcm.clearinghouse.claim_status")
FOLLOW_UP = "status_follow_up"


@dataclass(frozen=True)
class SilentClaim:
    """A claim the payer accepted and has not paid or denied in an 835 yet: its latest adjudication entry."""

    claim_id: str
    tenant_id: str
    entry_id: str
    decided: AdjudicatedClaim


Decide = Callable[[State | None], Decision | None]


class SilentClaims(Protocol):
    async def awaiting_payment_after(self, day: date) -> list[SilentClaim]:
        """Claims whose latest adjudication is scheduled for a payment day after `day` (so no 835 yet)."""
        ...

    async def record(self, claim: SilentClaim, day: date, decide: Decide) -> bool:
        """Apply `decide` to the claim's submission document once per claim and day; True when it wrote."""
        ...


def follow_up_of(state: State) -> dict[str, Any]:
    found = state.get(FOLLOW_UP) or {}
    return {"inquiries": list(found.get("inquiries", [])), "escalated_on": found.get("escalated_on")}


def _inquiry(claim: SilentClaim) -> ClaimInquiry:
    decided = claim.decided
    x12 = decided.claim
    days = [line.service_date for line in x12.lines]
    return ClaimInquiry(
        claim_id=x12.claim_id,
        total_charge=x12.total_charge,
        service_from=min(days),
        service_to=max(days),
        provider_name=x12.billing_provider.name,
        provider_npi=x12.billing_provider.npi,
        subscriber_last_name=x12.subscriber.last_name,
        subscriber_first_name=x12.subscriber.first_name,
        member_id=x12.subscriber.member_id,
        payer_claim_number=decided.remit.payer_claim_number or "",
    )


def status_files(
    claim: SilentClaim, status: PayerStatus, today: date, scenario: Scenario
) -> tuple[str, str, str]:
    """The 276 we send and the 277 the payer answers, and their interchange control number."""
    inquiry = _inquiry(claim)
    payer_x12 = claim.decided.claim.payer
    control = int(stable_digits(9, scenario.seed, "276", claim.claim_id, today.isoformat())) or 1
    controls = ControlNumbers(control, control, 1)
    created: datetime = SimulatedClock(today).now()
    reference = f"{claim.claim_id[:40]}-{today:%Y%m%d}"
    receiver = (inquiry.provider_name, inquiry.provider_npi)
    request = ClaimStatusRequest(reference, payer_x12.name, payer_x12.payer_id, *receiver, (inquiry,))
    answer = ClaimStatusAnswer(
        claim_id=inquiry.claim_id,
        category=status.category,
        status_code=status.status_code,
        status_date=today,
        total_charge=inquiry.total_charge,
        service_from=inquiry.service_from,
        service_to=inquiry.service_to,
        provider_name=inquiry.provider_name,
        provider_npi=inquiry.provider_npi,
        subscriber_last_name=inquiry.subscriber_last_name,
        subscriber_first_name=inquiry.subscriber_first_name,
        member_id=inquiry.member_id,
        paid_amount=status.paid_amount,
        adjudication_date=status.adjudication_date,
        payer_claim_number=inquiry.payer_claim_number,
    )
    response = ClaimStatusResponse(reference, payer_x12.name, payer_x12.payer_id, *receiver, (answer,))
    ours = EnvelopeParties(scenario.clearinghouse_id, payer_x12.payer_id)
    theirs = EnvelopeParties(payer_x12.payer_id, scenario.clearinghouse_id)
    return (
        write_276([request], ours, controls, created),
        write_277([response], theirs, controls, created),
        str(control).zfill(9),
    )


def plan_follow_up(
    state: State, claim: SilentClaim, today: date, rules: FollowUpRules, scenario: Scenario
) -> Decision | None:
    """Inquire when due, then escalate when still undecided at the filing edge; None when nothing is due."""
    follow_up = follow_up_of(state)
    inquiries = follow_up["inquiries"]
    decided = claim.decided
    last_on = date.fromisoformat(inquiries[-1]["inquired_on"]) if inquiries else None
    if last_on == today:
        return None
    events: list[Event] = []
    last_category = inquiries[-1]["category"] if inquiries else None
    if inquiry_due(decided.received_on, last_on, today, rules):
        status = simulated_status(decided, today)
        x12_276, x12_277, control = status_files(claim, status, today, scenario)
        group, label = status_group(status.category), status_label(status.category, status.status_code)
        inquiries.append(
            {
                "inquired_on": today.isoformat(),
                "interchange_control_number": control,
                "category": status.category,
                "status_code": status.status_code,
                "group": group.value,
                "label": label,
            }
        )
        common = {
            "claim_id": claim.claim_id,
            "payer_id": decided.payer_id,
            "interchange_control_number": control,
        }
        events += [
            ClaimStatusInquired(
                **common,
                inquired_on=today,
                submitted_on=decided.received_on,
                days_silent=(today - (last_on or decided.received_on)).days,
                inquiry_number=len(inquiries),
                x12_276=x12_276,
            ),
            ClaimStatusReported(
                **common,
                reported_on=today,
                category=status.category,
                status_code=status.status_code,
                group=group.value,
                label=label,
                paid_amount=status.paid_amount,
                adjudication_date=status.adjudication_date,
                x12_277=x12_277,
            ),
        ]
        last_category = status.category
    service_date = min(line.service_date for line in decided.claim.lines)
    if escalation_due(service_date, today, rules, last_category, follow_up["escalated_on"] is not None):
        deadline = filing_deadline(service_date, rules)
        assert deadline is not None  # escalation_due is False without a limit
        days_left = (deadline - today).days
        category = last_category or "P0"
        follow_up["escalated_on"] = today.isoformat()
        events.append(
            ClaimStatusEscalated(
                claim_id=claim.claim_id,
                payer_id=decided.payer_id,
                escalated_on=today,
                date_of_service=service_date,
                filing_deadline=deadline,
                total_charge=decided.claim.total_charge,
                days_left=days_left,
                last_category=category,
                reason=f"no payer decision {days_left} days before the timely filing limit (last status {category})",
            )
        )
    if not events:
        return None
    return Decision({**state, FOLLOW_UP: {**follow_up, "inquiries": inquiries}}, events)


class ClaimStatusFollowUp:
    def __init__(self, claims: SilentClaims, scenario: Scenario) -> None:
        self.claims, self.scenario = claims, scenario

    async def sweep(self, today: date) -> list[str]:
        """The ids of the claims asked about or escalated today."""
        acted: list[str] = []
        for claim in await self.claims.awaiting_payment_after(today):
            found = payer(
                claim.decided.payer_id, min(line.service_date for line in claim.decided.claim.lines)
            )
            if found is None:
                continue
            rules = FollowUpRules.of(found)

            def decide(
                state: State | None, claim: SilentClaim = claim, rules: FollowUpRules = rules
            ) -> Decision | None:
                return None if state is None else plan_follow_up(state, claim, today, rules, self.scenario)

            if await self.claims.record(claim, today, decide):
                acted.append(claim.claim_id)
        if acted:
            log.info("claim status follow-up", claims=len(acted), simulated_day=today.isoformat())
        return acted
