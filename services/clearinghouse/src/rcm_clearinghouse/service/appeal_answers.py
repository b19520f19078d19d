"""Use case: the simulated payer answers an appeal of an underpayment (AppealFiled from denials).

The corrected adjudication is added to the claim's document as one that replaces the underpaid one, and its
payment is scheduled like any other: the payment pointer first, then the document (which carries the processed
marker), so a crash in between leaves at most a pointer the release ignores. An appeal of anything else, or of a
claim this payer never adjudicated, changes nothing (the simulator does not answer those yet).
"""

from __future__ import annotations

from typing import Any

import structlog
from rcm_schemas import EventMessage
from rcm_schemas.events.denials import AppealFiled

from rcm_clearinghouse.domain.appeal_answer import underpayment_answer
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.service.adjudication_record import adjudication_entry, adjudication_from, snapshot_in
from rcm_clearinghouse.service.claim_intake import ScheduledPayment
from rcm_clearinghouse.service.ports import PaymentScheduler, SimulatedCalendar, Submissions

log = structlog.get_logger("rcm.clearinghouse.appeals")


class AppealAnswers:
    def __init__(
        self,
        calendar: SimulatedCalendar,
        scheduler: PaymentScheduler,
        submissions: Submissions,
        scenario: Scenario,
    ) -> None:
        self.calendar, self.scheduler, self.submissions, self.scenario = (
            calendar,
            scheduler,
            submissions,
            scenario,
        )

    async def appealed(self, appeal: AppealFiled, cause: EventMessage) -> None:
        if await self.submissions.handled_before(appeal.claim_id, cause):
            return
        state = await self.submissions.load(appeal.claim_id)
        entries: list[dict[str, Any]] = list(state["adjudications"]) if state else []
        answered = [e for e in entries if not e["duplicate"] and e.get("payer_id") == appeal.payer_id]
        if state is None or not answered:
            return
        latest = answered[-1]
        today = (await self.calendar.current()).today
        corrected = underpayment_answer(
            adjudication_from(snapshot_in(latest)), today, self.scenario.appeal_answer_days
        )
        if corrected is None:
            log.info("appeal not answered by the simulator", claim_id=appeal.claim_id)
            return
        entry_id = f"{appeal.claim_id}#{len(entries) + 1}"
        await self.scheduler.schedule(
            ScheduledPayment(entry_id, appeal.claim_id, corrected.payment_date, today)
        )
        entry = adjudication_entry(entry_id, corrected, duplicate=False, replaces=latest["entry_id"])
        await self.submissions.record_state(
            appeal.claim_id, cause, {**state, "adjudications": [*entries, entry]}
        )
        log.info(
            "underpayment appeal answered",
            claim_id=appeal.claim_id,
            pays_on=corrected.payment_date.isoformat(),
        )
