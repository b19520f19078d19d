"""Use case glue for one ClaimSubmitted: ask the gateway, plan the outcome, schedule the payment.

The payment pointer is written before the claim's document (which carries the processed marker), so a
crash in between leaves at most a pointer the release ignores, never an adjudication that is never paid.
"""

from __future__ import annotations

from typing import Any, Protocol

from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.claim_intake import IntakePlan, ScheduledPayment, Submission, plan_intake
from rcm_clearinghouse.service.gateway_port import ClearinghouseGateway


class ClockSource(Protocol):
    async def current(self) -> SimulatedClock: ...


class PaymentScheduler(Protocol):
    async def schedule(self, payment: ScheduledPayment) -> None: ...


class SubmissionHandling:
    def __init__(
        self,
        gateway: ClearinghouseGateway,
        clock: ClockSource,
        scheduler: PaymentScheduler,
        scenario: Scenario,
    ) -> None:
        self.gateway, self.clock, self.scheduler, self.scenario = gateway, clock, scheduler, scenario

    async def plan(self, submission: Submission, state: dict[str, Any] | None) -> IntakePlan:
        today = (await self.clock.current()).today
        submission_id = f"{submission.claim_id}-{submission.interchange_control_number}"
        receipt = await self.gateway.submit(submission_id, submission.x12_837p)
        plan = plan_intake(state, submission, receipt.acknowledgment, today, self.scenario)
        if plan.scheduled is not None:
            await self.scheduler.schedule(plan.scheduled)
        return plan
