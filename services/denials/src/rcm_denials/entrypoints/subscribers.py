"""Kafka subscribers: each event or command type, its topic, and the use case it is handed to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rcm_schemas import EventMessage

from rcm_denials.components import DenialsComponents
from rcm_denials.service import message_handling as handling

UseCase = Callable[[DenialsComponents, EventMessage], Awaitable[None]]

SUBSCRIPTIONS: dict[str, tuple[str, UseCase]] = {
    "ClaimDenied": ("rcm.remittance.events", handling.handle_claim_denied),
    "ClaimPaid": ("rcm.remittance.events", handling.handle_claim_paid),
    "ClaimPartiallyPaid": ("rcm.remittance.events", handling.handle_claim_paid),
    "ClaimRejected": ("rcm.clearinghouse.events", handling.handle_claim_rejected),
    "ClaimSubmitted": ("rcm.claims.events", handling.handle_claim_submitted),
    "AssignWorkItem": ("rcm.denials.commands", handling.handle_assign),
    "ResolveDenial": ("rcm.denials.commands", handling.handle_resolve),
    "FileAppeal": ("rcm.denials.commands", handling.handle_file_appeal),
    "WriteOffDenial": ("rcm.denials.commands", handling.handle_write_off),
    "SettleCorrectedDenial": ("rcm.denials.commands", handling.handle_settle_corrected),
}


def register_subscribers(components: DenialsComponents) -> None:
    for event_type, (topic, use_case) in SUBSCRIPTIONS.items():
        components.service.consumer.on(event_type, topic=topic)(_bound(components, use_case))


def _bound(components: DenialsComponents, use_case: UseCase) -> Callable[[EventMessage], Awaitable[None]]:
    async def subscriber(message: EventMessage) -> None:
        await use_case(components, message)

    return subscriber
