"""Applying a decision to a denial case once per cause, with domain refusals made permanent.

A domain refusal (an impossible transition, the loop guard, a passed appeal limit) can never succeed on
retry, so it becomes PermanentError and the message goes to the DLQ with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rcm_platform.errors import PermanentError
from rcm_platform.ports import Decision, State
from rcm_schemas import EventMessage

from rcm_denials.service.ports import DenialCases

T = TypeVar("T")


def refused_permanently(decide: Callable[[], T]) -> T:
    try:
        return decide()
    except ValueError as refusal:  # domain refusals and invalid commands: a retry cannot change them
        raise PermanentError(str(refusal)) from refusal


async def apply_to_case(
    cases: DenialCases,
    claim_id: str,
    cause: EventMessage,
    decide: Callable[[State | None], Decision | None],
) -> None:
    await cases.handle(claim_id, cause, lambda state: refused_permanently(lambda: decide(state)))
