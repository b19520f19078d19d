"""Use case: one ClaimSubmitted through the gateway, planned into an acknowledgment and a scheduled payment.

The payment pointer is written before the claim's document (which carries the processed marker), so a
crash in between leaves at most a pointer the release ignores, never an adjudication that is never paid.
"""

from __future__ import annotations

from rcm_platform.ports import State
from rcm_schemas import EventMessage

from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.service.claim_intake import IntakePlan, Submission, plan_intake
from rcm_clearinghouse.service.ports import (
    ClearinghouseGateway,
    PaymentScheduler,
    SimulatedCalendar,
    Submissions,
)


class SubmissionHandling:
    def __init__(
        self,
        gateway: ClearinghouseGateway,
        calendar: SimulatedCalendar,
        scheduler: PaymentScheduler,
        submissions: Submissions,
        scenario: Scenario,
    ) -> None:
        self.gateway, self.calendar, self.scheduler = gateway, calendar, scheduler
        self.submissions, self.scenario = submissions, scenario

    async def receive(self, submission: Submission, cause: EventMessage) -> None:
        """Apply one ClaimSubmitted once: a redelivery must not reach the gateway again (a file drop would
        send the file twice), so it only re-publishes what the first delivery left pending."""
        if await self.submissions.handled_before(submission.claim_id, cause):
            return
        plan = await self.plan(submission, await self.submissions.load(submission.claim_id))
        await self.submissions.record(submission, cause, plan)

    async def plan(self, submission: Submission, state: State | None) -> IntakePlan:
        today = (await self.calendar.current()).today
        submission_id = f"{submission.claim_id}-{submission.interchange_control_number}"
        receipt = await self.gateway.submit(submission_id, submission.x12_837p)
        plan = plan_intake(state, submission, receipt.acknowledgment, today, self.scenario)
        if plan.scheduled is not None:
            await self.scheduler.schedule(plan.scheduled)
        if plan.forwarded is not None:
            await self.scheduler.schedule(plan.forwarded)
        return plan
