"""The denial case: one aggregate per claim, from the first denial to its resolution, with its history.

open -> routed -> (correction requested | appealed | written off | billed to patient | resolved). A new
denial of the same claim (e.g. the replacement claim denied again) reopens the case and keeps the history,
so the correction loop guard sees every earlier attempt. Every change names the event or command id that
caused it; a repeated id changes nothing, which makes at-least-once delivery safe.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field

from rcm_denials.domain.appeals import Appeal, AppealStatus, decide_appeal
from rcm_denials.domain.corrections import CorrectionAttempt
from rcm_denials.domain.denial_facts import ClaimDecision, FrozenModel, quantize_cents
from rcm_denials.domain.work_items import WorkItem, WorkItemStatus


class CaseStatus(StrEnum):
    OPEN = "open"
    ROUTED = "routed"
    CORRECTION_REQUESTED = "correction_requested"
    APPEALED = "appealed"
    WRITTEN_OFF = "written_off"
    BILLED_TO_PATIENT = "billed_to_patient"
    RESOLVED = "resolved"


class CaseOutcome(StrEnum):
    AUTO_CORRECTED = "auto_corrected"
    CORRECTED = "corrected"
    APPEAL_WON = "appeal_won"
    RECOVERED = "recovered"
    WRITTEN_OFF = "written_off"
    PATIENT_BILLED = "patient_billed"
    SECONDARY_BILLED = "secondary_billed"
    DUPLICATE_CLOSED = "duplicate_closed"
    NO_ACTION = "no_action"


S = CaseStatus
# Which states each change may start from; anything else is a caller error, not a silent no-op.
ALLOWED_FROM: dict[str, frozenset[CaseStatus]] = {
    "route": frozenset({S.OPEN}),
    "request_correction": frozenset({S.OPEN, S.ROUTED}),
    "assign": frozenset({S.ROUTED}),
    "file_appeal": frozenset({S.ROUTED}),
    "appeal_decided": frozenset({S.APPEALED}),
    "write_off": frozenset({S.OPEN, S.ROUTED, S.APPEALED}),
    "bill_patient": frozenset({S.ROUTED}),
    "resolve": frozenset({S.OPEN, S.ROUTED}),
    "payment": frozenset({S.OPEN, S.ROUTED, S.CORRECTION_REQUESTED, S.APPEALED, S.WRITTEN_OFF, S.RESOLVED}),
    "denied_again": frozenset(S),
    "reclassify": frozenset({S.ROUTED}),
}


class InvalidCaseTransition(ValueError):
    pass


class HistoryEntry(FrozenModel):
    """The audit trail: who did what, when, and what it changed."""

    event_id: str
    at: datetime
    actor: str
    action: str
    from_status: CaseStatus | None
    to_status: CaseStatus
    detail: str = ""


class DenialCase(FrozenModel):
    claim_id: str
    tenant_id: str
    payer_id: str
    status: CaseStatus
    denial_id: str
    denial_date: date
    date_of_service: date | None = None
    decision: ClaimDecision
    open_amount: Decimal = Field(ge=0)
    first_denied_on: date
    work_item: WorkItem | None = None
    corrections: tuple[CorrectionAttempt, ...] = ()
    appeals: tuple[Appeal, ...] = ()
    outcome: CaseOutcome | None = None
    recovered_amount: Decimal = Decimal("0.00")
    written_off_amount: Decimal = Decimal("0.00")
    resolved_on: date | None = None
    history: tuple[HistoryEntry, ...] = ()
    processed_event_ids: tuple[str, ...] = ()

    @classmethod
    def opened(
        cls, *, event_id: str, at: datetime, tenant_id: str, claim_id: str, payer_id: str, denial_id: str,
        denial_date: date, date_of_service: date | None, decision: ClaimDecision,
    ) -> DenialCase:  # fmt: skip
        entry = HistoryEntry(event_id=event_id, at=at, actor="system", action="denied", from_status=None,
                             to_status=S.OPEN, detail=f"rule {decision.leading.rule_id}")  # fmt: skip
        return cls(
            claim_id=claim_id, tenant_id=tenant_id, payer_id=payer_id, status=S.OPEN, denial_id=denial_id,
            denial_date=denial_date, date_of_service=date_of_service, decision=decision,
            open_amount=decision.amount_at_risk, first_denied_on=denial_date, history=(entry,),
            processed_event_ids=(event_id,),
        )  # fmt: skip

    def has_processed(self, event_id: str) -> bool:
        return event_id in self.processed_event_ids

    def _change(
        self, event_id: str, at: datetime, actor: str, action: str, to_status: CaseStatus, detail: str = "",
        **updates: Any,
    ) -> DenialCase:  # fmt: skip
        if self.has_processed(event_id):
            return self
        if self.status not in ALLOWED_FROM[action]:
            raise InvalidCaseTransition(f"cannot {action} a case that is {self.status.value}")
        entry = HistoryEntry(event_id=event_id, at=at, actor=actor, action=action, from_status=self.status,
                             to_status=to_status, detail=detail)  # fmt: skip
        return self.model_copy(
            update={**updates, "status": to_status, "history": (*self.history, entry),
                    "processed_event_ids": (*self.processed_event_ids, event_id)}
        )  # fmt: skip

    def denied_again(
        self, *, event_id: str, at: datetime, denial_id: str, denial_date: date, decision: ClaimDecision
    ) -> DenialCase:
        return self._change(
            event_id, at, "system", "denied_again", S.OPEN, f"rule {decision.leading.rule_id}",
            denial_id=denial_id, denial_date=denial_date, decision=decision,
            open_amount=decision.amount_at_risk, work_item=None, outcome=None, resolved_on=None,
        )  # fmt: skip

    def reclassified(
        self, *, event_id: str, at: datetime, actor: str, decision: ClaimDecision, category: str
    ) -> DenialCase:
        """A person gave the unrecognised CARC a category: the case is decided again, to be routed anew."""
        return self._change(
            event_id, at, actor, "reclassify", S.OPEN, f"as {category}: rule {decision.leading.rule_id}",
            decision=decision, open_amount=decision.amount_at_risk, work_item=self._closed_item(),
        )  # fmt: skip

    def routed(self, *, event_id: str, at: datetime, work_item: WorkItem) -> DenialCase:
        detail = f"{work_item.queue.value} queue, {work_item.team.value} team"
        return self._change(event_id, at, "system", "route", S.ROUTED, detail, work_item=work_item)

    def assigned(self, *, event_id: str, at: datetime, actor: str, assignee: str) -> DenialCase:
        item = self.work_item.assigned(assignee) if self.work_item else None
        return self._change(event_id, at, actor, "assign", S.ROUTED, f"to {assignee}", work_item=item)

    def correction_requested(
        self, *, event_id: str, at: datetime, actor: str, attempt: CorrectionAttempt
    ) -> DenialCase:
        return self._change(
            event_id, at, actor, "request_correction", S.CORRECTION_REQUESTED, f"attempt {attempt.attempt}",
            corrections=(*self.corrections, attempt), work_item=self._closed_item(),
        )  # fmt: skip

    def appeal_filed(self, *, event_id: str, at: datetime, actor: str, appeal: Appeal) -> DenialCase:
        return self._change(
            event_id, at, actor, "file_appeal", S.APPEALED, f"level {appeal.level}, due {appeal.deadline}",
            appeals=(*self.appeals, appeal), work_item=self._closed_item(),
        )  # fmt: skip

    def appeal_decided(
        self, *, event_id: str, at: datetime, appeal_id: str, status: AppealStatus
    ) -> DenialCase:
        if self.has_processed(event_id):
            return self  # checked first: deciding an already-decided appeal again would raise
        decided = tuple(decide_appeal(a, status) if a.appeal_id == appeal_id else a for a in self.appeals)
        # A lost appeal goes back to the worklist (next level or write-off); a won one waits for the payment.
        to_status = S.ROUTED if status is AppealStatus.LOST else S.APPEALED
        item = (
            self.work_item.model_copy(update={"status": WorkItemStatus.OPEN})
            if self.work_item and to_status is S.ROUTED
            else self.work_item
        )
        return self._change(
            event_id, at, "payer", "appeal_decided", to_status, status.value, appeals=decided, work_item=item
        )

    def written_off(
        self, *, event_id: str, at: datetime, actor: str, amount: Decimal, reason: str
    ) -> DenialCase:
        remaining = quantize_cents(self.open_amount - amount)
        fully = remaining <= 0
        return self._change(
            event_id, at, actor, "write_off", S.WRITTEN_OFF if fully else self.status, f"{amount}: {reason}",
            open_amount=max(remaining, Decimal("0.00")), written_off_amount=self.written_off_amount + amount,
            outcome=CaseOutcome.WRITTEN_OFF if fully else self.outcome,
            resolved_on=at.date() if fully else None,
            work_item=self._closed_item() if fully else self.work_item,
        )  # fmt: skip

    def patient_billed(self, *, event_id: str, at: datetime, actor: str) -> DenialCase:
        return self._change(
            event_id, at, actor, "bill_patient", S.BILLED_TO_PATIENT, outcome=CaseOutcome.PATIENT_BILLED,
            resolved_on=at.date(), work_item=self._closed_item(),
        )  # fmt: skip

    def resolved(self, *, event_id: str, at: datetime, actor: str, outcome: CaseOutcome) -> DenialCase:
        return self._change(
            event_id, at, actor, "resolve", S.RESOLVED, outcome.value, outcome=outcome, resolved_on=at.date(),
            work_item=self._closed_item(),
        )  # fmt: skip

    def paid(self, *, event_id: str, at: datetime, paid_amount: Decimal) -> DenialCase:
        """A payment on the claim resolves the case; how it was won decides the outcome for the analytics."""
        outcome = self._outcome_of_payment()
        return self._change(
            event_id, at, "payer", "payment", S.RESOLVED, f"paid {paid_amount}", outcome=outcome,
            recovered_amount=self.recovered_amount + paid_amount, open_amount=Decimal("0.00"),
            resolved_on=self.resolved_on if self.status is S.RESOLVED else at.date(),
            work_item=self._closed_item(),
        )  # fmt: skip

    def _outcome_of_payment(self) -> CaseOutcome:
        if self.status is S.RESOLVED and self.outcome is not None:
            return self.outcome
        if self.status is S.CORRECTION_REQUESTED:
            last_was_automatic = bool(self.corrections) and self.corrections[-1].automatic
            return CaseOutcome.AUTO_CORRECTED if last_was_automatic else CaseOutcome.CORRECTED
        if self.status is S.APPEALED:
            return CaseOutcome.APPEAL_WON
        return CaseOutcome.RECOVERED

    def _closed_item(self) -> WorkItem | None:
        return self.work_item.done() if self.work_item else None
