"""The biller's work item for a held claim, as pure state: open, edited, released or resolved.

The biller API lists items, edits the claim (which re-scrubs it) and releases it, possibly accepting some
findings. The item records who did what so the queue is auditable without reading the claim's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from rcm_claims.domain.findings import Finding

WorkItemStatus = Literal["open", "released", "resolved"]


class WorkItemAction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Literal["opened", "edited", "findings_updated", "released", "resolved"]
    by: str
    at: datetime
    note: str = ""


class WorkItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    work_item_id: str
    claim_id: str
    tenant_id: str
    payer_id: str
    status: WorkItemStatus = "open"
    findings: tuple[Finding, ...]
    actions: tuple[WorkItemAction, ...] = ()
    accepted_rule_ids: tuple[str, ...] = ()

    def _with(self, action: WorkItemAction, **update: object) -> WorkItem:
        return self.model_copy(update={"actions": (*self.actions, action), **update})


def open_work_item(
    work_item_id: str, claim_id: str, tenant_id: str, payer_id: str, findings: Iterable[Finding], at: datetime
) -> WorkItem:
    return WorkItem(
        work_item_id=work_item_id,
        claim_id=claim_id,
        tenant_id=tenant_id,
        payer_id=payer_id,
        findings=tuple(findings),
        actions=(WorkItemAction(action="opened", by="scrubber", at=at),),
    )


def record_edit(item: WorkItem, by: str, note: str, at: datetime) -> WorkItem:
    return item._with(WorkItemAction(action="edited", by=by, at=at, note=note))


def update_findings(item: WorkItem, findings: Iterable[Finding], at: datetime) -> WorkItem:
    """After a re-scrub: with no findings left the item is resolved, otherwise it stays open with them."""
    remaining = tuple(findings)
    status: WorkItemStatus = "open" if remaining else "resolved"
    action = WorkItemAction(action="findings_updated" if remaining else "resolved", by="scrubber", at=at)
    return item._with(action, findings=remaining, status=status)


def release(item: WorkItem, by: str, accepted_rule_ids: Iterable[str], at: datetime) -> WorkItem:
    accepted = tuple(sorted(set(accepted_rule_ids)))
    note = f"accepted {', '.join(accepted)}" if accepted else ""
    return item._with(
        WorkItemAction(action="released", by=by, at=at, note=note),
        status="released",
        accepted_rule_ids=accepted,
    )


def list_work_items(
    items: Iterable[WorkItem],
    *,
    tenant_id: str | None = None,
    status: WorkItemStatus | None = "open",
    payer_id: str | None = None,
    rule_id: str | None = None,
) -> list[WorkItem]:
    """The biller's queue filter; the Mongo adapter will push the same filter down to a query."""
    return [
        item
        for item in items
        if (tenant_id is None or item.tenant_id == tenant_id)
        and (status is None or item.status == status)
        and (payer_id is None or item.payer_id == payer_id)
        and (rule_id is None or any(finding.rule_id == rule_id for finding in item.findings))
    ]
