"""The front desk's share of the worklist: the work items routed to the front_desk queue (coverage and
registration denials), which it may list, read and resolve; every other queue stays the billing office's.

The route tables (access.py) let the front_desk role in; these checks narrow it to its queue. A caller who also
holds a role the route admits anyway (a biller at the front desk) is not narrowed.
"""

from __future__ import annotations

from fastapi import HTTPException
from rcm_platform.auth import Caller, Role

from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.domain.denial_facts import WorkQueue

FRONT_DESK_QUEUE = WorkQueue.FRONT_DESK
OUTSIDE_FRONT_DESK = "the front desk works only the items of the front_desk queue"


def only_front_desk(caller: Caller, others: frozenset[Role]) -> bool:
    """True when the front_desk role is what lets this caller in (no other role of the route is held)."""
    roles = caller.principal.roles
    return Role.front_desk in roles and not (roles & others)


def require_front_desk_queue(caller: Caller, others: frozenset[Role], queue: WorkQueue) -> None:
    if only_front_desk(caller, others) and queue is not FRONT_DESK_QUEUE:
        raise HTTPException(status_code=403, detail=OUTSIDE_FRONT_DESK)


def require_front_desk_case(caller: Caller, others: frozenset[Role], case: DenialCase | None) -> None:
    """A case the front desk may see: its work item is (or was, once resolved) in the front_desk queue. A case
    that is absent or another tenant's is left to the route's own 404."""
    if case is None or case.tenant_id != caller.tenant_id or not only_front_desk(caller, others):
        return
    if case.work_item is None or case.work_item.queue is not FRONT_DESK_QUEUE:
        raise HTTPException(status_code=403, detail=OUTSIDE_FRONT_DESK)
