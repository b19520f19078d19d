"""Helpers of the claims integration tests: coded encounters built from the schema samples, publishing as
the other services would, waiting for the claim, reading the claims topic, and pyx12."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from claims_builders import (
    NORTHWIND,
    RECENT,
    SELF_PAY,
    TENANT,
    acknowledged,
    claim_id_of,
    correction_requested,
    denied,
    line,
    paid,
)
from claims_builders import coded_encounter as build_encounter
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_platform.testing.phi_guard import remember_phi
from rcm_platform.testing.waiting import wait_for
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas import events as ev
from rcm_schemas.events.coding import EncounterCoded
from rcm_x12.pyx12_validation import pyx12_problems

# The shared builders, re-exported for the scenarios.
__all__ = [
    "RECENT",
    "SELF_PAY",
    "TENANT",
    "acknowledged",
    "claim_id_of",
    "correction_requested",
    "denied",
    "line",
    "paid",
]


def coded_encounter(
    encounter_id: str,
    *lines: ev.EncounterLine,
    date_of_service: date = RECENT,
    coverage: ev.Coverage = NORTHWIND,
) -> EncounterCoded:
    """The shared builder's encounter, its PHI registered with the guard that checks logs and events."""
    encounter = build_encounter(encounter_id, *lines, date_of_service=date_of_service, coverage=coverage)
    patient = encounter.facts.patient
    remember_phi(patient.first_name, patient.last_name, patient.birth_date.isoformat(), NORTHWIND.member_id)
    return encounter


def message_of(event: Event, *, occurred_at: datetime | None = None) -> EventMessage:
    return new_message(event, producer="tests", tenant_id=TENANT, occurred_at=occurred_at)


async def publish(service: Service, event: Event, *, occurred_at: datetime | None = None) -> EventMessage:
    message = message_of(event, occurred_at=occurred_at)
    await service.publisher.publish(message)
    return message


async def load_claim(service: Service, claim_id: str) -> ClaimRecord | None:
    from rcm_claims.adapters.claim_documents import record_from_state

    state = await service.store("claims").load(claim_id)
    return None if state is None else record_from_state(state)


async def wait_for_claim(
    service: Service, claim_id: str, check: Callable[[ClaimRecord], bool]
) -> ClaimRecord:
    found: list[ClaimRecord] = []
    last: list[str] = ["no claim"]

    async def reached() -> bool:
        record = await load_claim(service, claim_id)
        if record is not None:
            last[0] = f"status {record.status}, rules {sorted({f.rule_id for f in record.findings})}"
            if check(record):
                found.append(record)
                return True
        return False

    try:
        await wait_for(reached, 45.0, what=f"claim {claim_id}")
    except AssertionError:
        raise AssertionError(f"claim {claim_id} never reached the expected state; last: {last[0]}") from None
    return found[0]


async def claims_events(
    settings: ClaimsSettings, *, at_least: int = 1, event_type: str | None = None, timeout_s: float = 30.0
) -> list[EventMessage]:
    return await read_events(
        settings.kafka_bootstrap,
        settings.topic("rcm.claims.events"),
        at_least=at_least,
        timeout_s=timeout_s,
        event_type=event_type,
    )


def pyx12_errors(text: str) -> list[str]:
    """pyx12's verdict on an interchange (empty when valid)."""
    return pyx12_problems(text)


def payload(message: EventMessage) -> Any:
    return message.payload


def later(seconds: int) -> datetime:
    """Payer facts are ordered by their own time: each step of a scenario happens after the previous one."""
    return datetime.now(UTC) + timedelta(seconds=seconds)
