"""Kafka subscribers: each event or command type, its topic, and the use case it is handed to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rcm_schemas import Event, EventMessage
from rcm_schemas import events as ev

from rcm_denials.components import DenialsComponents
from rcm_denials.service import message_handling as handling

UseCase = Callable[[DenialsComponents, EventMessage], Awaitable[None]]

SUBSCRIPTIONS: dict[type[Event], UseCase] = {
    ev.ClaimDenied: handling.handle_claim_denied,
    ev.ClaimPaid: handling.handle_claim_paid,
    ev.ClaimPartiallyPaid: handling.handle_claim_paid,
    ev.ClaimRejected: handling.handle_claim_rejected,
    ev.ClaimSubmitted: handling.handle_claim_submitted,
    ev.AssignWorkItem: handling.handle_assign,
    ev.ResolveDenial: handling.handle_resolve,
    ev.FileAppeal: handling.handle_file_appeal,
    ev.WriteOffDenial: handling.handle_write_off,
    ev.SettleCorrectedDenial: handling.handle_settle_corrected,
}


def register_subscribers(components: DenialsComponents) -> None:
    for event_class, use_case in SUBSCRIPTIONS.items():
        components.service.consumer.on(event_class)(_bound(components, use_case))


def _bound(
    components: DenialsComponents, use_case: UseCase
) -> Callable[[Event, EventMessage], Awaitable[None]]:
    async def subscriber(event: Event, message: EventMessage) -> None:
        await use_case(components, message)

    return subscriber
