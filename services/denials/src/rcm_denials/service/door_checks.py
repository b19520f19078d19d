"""Worklist commands checked at the door, against the case as it is stored now.

The route runs the very decision the case's owner will run when the command arrives (the same functions, on
the stored state, with the result thrown away), so what can be known at the door is answered there: no case
(or another tenant's) -> 404, a case or work item that moved on, an appeal or write-off the case's status does
not allow, a correction the loop guard refuses -> 409, an amount above the open balance -> 422 naming it.
What can change in between (the owner applies commands and payer events in the claim's order) is still checked
by the owner; the caller sees that outcome at GET /commands/{command_id}.
"""

from __future__ import annotations

from datetime import datetime

from rcm_platform.ports import State
from rcm_schemas import Event
from rcm_schemas.events.denials import (
    AssignWorkItem,
    FileAppeal,
    ReclassifyDenial,
    ResolveDenial,
    WriteOffDenial,
)

from rcm_denials.domain.denial_case import ALLOWED_FROM, InvalidCaseTransition
from rcm_denials.service.case_documents import case_of
from rcm_denials.service.command_decisions import (
    NoDenialCase,
    case_for_command,
    decide_assign,
    decide_resolve,
    decide_write_off,
)
from rcm_denials.service.reclassification import check_reclassification
from rcm_denials.service.worklist_commands import LoopGuardRefused

DOOR_CHECK_ID = "door-check"
"""A command id no case has processed: the decision runs as for a new command."""


class DoorRefusal(Exception):
    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        """404 no such case for this tenant, 409 the case's state refuses it, 422 a field the case refuses."""
        self.message = message
        self.field = field


def check_at_the_door(
    state: State | None,
    command: Event,
    tenant_id: str,
    *,
    attempt_limit: int,
    at: datetime,
    command_id: str | None = None,
) -> None:
    """`command_id`: the id an Idempotency-Key gives the command; one the case has applied is a retry, answered
    as the first time (202), not refused for the state it left the case in."""
    try:
        _decide(state, command, tenant_id, attempt_limit=attempt_limit, at=at, command_id=command_id)
    except NoDenialCase as refused:
        raise DoorRefusal(404, str(refused)) from None
    except (InvalidCaseTransition, LoopGuardRefused) as refused:
        raise DoorRefusal(409, str(refused)) from None
    except ValueError as refused:
        if isinstance(command, WriteOffDenial) and "cannot write off" in str(refused):
            raise DoorRefusal(422, "more than the open balance of the case", "amount") from None
        raise DoorRefusal(409, str(refused)) from None


ACTION_OF = {
    AssignWorkItem: "assign",
    WriteOffDenial: "write_off",
    FileAppeal: "file_appeal",
    ReclassifyDenial: "reclassify",
}
"""The case transition each command asks for (a resolution's depends on the resolution: its decision checks)."""


def _decide(
    state: State | None,
    command: Event,
    tenant_id: str,
    *,
    attempt_limit: int,
    at: datetime,
    command_id: str | None,
) -> None:
    applied = case_of(state)
    if (
        command_id
        and applied is not None
        and applied.tenant_id == tenant_id
        and applied.has_processed(command_id)
    ):
        return
    claim_id: str = command.claim_id  # type: ignore[attr-defined]
    case = case_for_command(state, claim_id, command.work_item_id, tenant_id)  # type: ignore[attr-defined]
    action = ACTION_OF.get(type(command))
    # The case's state first: "the case is written off" says more than "the amount is over the balance (0)".
    if action is not None and case.status not in ALLOWED_FROM[action]:
        raise InvalidCaseTransition(f"cannot {action} a case that is {case.status.value}")
    if isinstance(command, AssignWorkItem):
        decide_assign(state, command, DOOR_CHECK_ID, tenant_id, at)
    elif isinstance(command, ResolveDenial):
        decide_resolve(state, command, DOOR_CHECK_ID, tenant_id, at, attempt_limit)
    elif isinstance(command, WriteOffDenial):
        decide_write_off(state, command, DOOR_CHECK_ID, tenant_id, at)
    elif isinstance(command, ReclassifyDenial):
        check_reclassification(case, command)
    # Filing an appeal also renders the letter from reference data: the door checks the case, as above.
