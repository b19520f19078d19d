"""Work items in the denial queues, and the order in which people should work them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from rcm_denials.domain.billing_models import Team
from rcm_denials.domain.denial_facts import FrozenModel, RecommendedAction, RootCause, WorkQueue

# Inside this many days a deadline outranks money: a missed appeal limit loses the whole amount.
URGENT_WITHIN_DAYS = 14


class WorkItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class WorkItem(FrozenModel):
    work_item_id: str = Field(min_length=1)
    tenant_id: str
    claim_id: str
    denial_id: str
    payer_id: str
    queue: WorkQueue
    team: Team
    root_cause: RootCause
    recommended_action: RecommendedAction
    rule_id: str
    carc_codes: tuple[str, ...] = ()
    amount_at_risk: Decimal = Field(ge=0)
    deadline: date | None = None
    created_at: datetime
    assignee: str | None = None
    status: WorkItemStatus = WorkItemStatus.OPEN

    def assigned(self, assignee: str, queue: WorkQueue | None = None) -> WorkItem:
        return self.model_copy(update={"assignee": assignee, "queue": queue or self.queue})

    def done(self) -> WorkItem:
        return self.model_copy(update={"status": WorkItemStatus.DONE})


def priority_key(
    item: WorkItem, today: date, urgent_within_days: int = URGENT_WITHIN_DAYS
) -> tuple[int, int, Decimal]:
    """Sort key: urgent deadlines first (soonest first), then by amount; missed deadlines last.

    Items whose deadline has passed can no longer be appealed or resubmitted; they still need a write-off
    decision, but they must not push recoverable money down the list.
    """
    if item.deadline is None:
        return (1, 0, -item.amount_at_risk)
    days_left = (item.deadline - today).days
    if days_left < 0:
        return (2, 0, -item.amount_at_risk)
    if days_left <= urgent_within_days:
        return (0, days_left, -item.amount_at_risk)
    return (1, 0, -item.amount_at_risk)


def prioritised(
    items: Iterable[WorkItem], today: date, urgent_within_days: int = URGENT_WITHIN_DAYS
) -> list[WorkItem]:
    open_items = [item for item in items if item.status is WorkItemStatus.OPEN]
    # sorted() is stable, so equal keys keep their arrival order (first denied, first worked).
    return sorted(open_items, key=lambda item: priority_key(item, today, urgent_within_days))


def worklist(
    items: Iterable[WorkItem],
    today: date,
    *,
    queue: WorkQueue | None = None,
    team: Team | None = None,
    assignee: str | None = None,
) -> list[WorkItem]:
    """One team's (or person's) view of a queue, in working order."""
    selected = [
        item
        for item in items
        if (queue is None or item.queue is queue)
        and (team is None or item.team is team)
        and (assignee is None or item.assignee == assignee)
    ]
    return prioritised(selected, today)
