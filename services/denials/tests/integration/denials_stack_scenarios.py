"""Building blocks of the denials integration tests: synthetic remittance facts, sending, waiting, reading.

Every claim here is synthetic; ClaimDenied carries no patient data, so there is no PHI to register.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from rcm_denials.settings import DenialsSettings
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_platform.testing.waiting import wait_for
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas.events.clearinghouse import ClaimRejected
from rcm_schemas.events.common import Adjustment, RemitLine
from rcm_schemas.events.remittance import ClaimDenied, ClaimPaid

TODAY = datetime.now(UTC).date()
DATE_OF_SERVICE = TODAY - timedelta(days=10)


def claim_id(label: str) -> str:
    return f"CLM-{label}-{uuid.uuid4().hex[:8]}".upper()


def denied_line(
    line_number: int,
    procedure: str,
    group: str,
    carc: str,
    amount: str,
    modifiers: tuple[str, ...] = (),
    remarks: tuple[str, ...] = (),
) -> RemitLine:
    return RemitLine(
        line_number=line_number,
        line_control_number=f"L{line_number}",
        procedure_code=procedure,
        modifiers=modifiers,
        charge_amount=Decimal(amount),
        allowed_amount=Decimal("0.00"),
        paid_amount=Decimal("0.00"),
        remark_codes=remarks,
        adjustments=(Adjustment(group_code=group, carc=carc, amount=Decimal(amount)),),
    )


def claim_denied(
    claim: str,
    payer_id: str,
    *lines: RemitLine,
    telehealth: bool = False,
    place_of_service: str = "11",
    trace: str = "EFT-DEN-1",
) -> ClaimDenied:
    total = sum((line.charge_amount for line in lines), Decimal("0.00"))
    return ClaimDenied(
        claim_id=claim,
        payer_id=payer_id,
        trace_number=trace,
        payer_claim_control_number=f"PCN{claim[-6:]}",
        claim_status_code="4",
        date_of_service=DATE_OF_SERVICE,
        payment_date=TODAY,
        charge_amount=total,
        paid_amount=Decimal("0.00"),
        denied_amount=total,
        lines=lines,
        place_of_service=place_of_service,
        telehealth=telehealth,
        billing_provider_npi="1234567893",
    )


def claim_paid(claim: str, payer_id: str, amount: str) -> ClaimPaid:
    return ClaimPaid(
        claim_id=claim,
        payer_id=payer_id,
        trace_number="EFT-PAID-1",
        claim_status_code="1",
        date_of_service=DATE_OF_SERVICE,
        payment_date=TODAY,
        charge_amount=Decimal(amount),
        paid_amount=Decimal(amount),
    )


def claim_rejected(claim: str, payer_id: str, segment: str) -> ClaimRejected:
    return ClaimRejected(
        claim_id=claim,
        payer_id=payer_id,
        ack_kind="277CA",
        interchange_control_number="101",
        reason="subscriber not found",
        reason_code="A7:21",
        segment=segment,
        date_of_service=DATE_OF_SERVICE,
        total_charge=Decimal("150.00"),
    )


def message_of(event: Event, tenant_id: str) -> EventMessage:
    return new_message(event, producer="tests", tenant_id=tenant_id)


async def send(service: Service, message: EventMessage) -> None:
    await service.publisher.publish(message)


async def case_state(service: Service, claim: str) -> dict[str, Any] | None:
    return await service.store("denial_cases").load(claim)


async def wait_for_case(service: Service, claim: str, status: str) -> dict[str, Any]:
    async def reached() -> bool:
        state = await case_state(service, claim)
        return state is not None and state["case"]["status"] == status

    await wait_for(reached)
    state = await case_state(service, claim)
    assert state is not None
    return state


async def denial_events(
    settings: DenialsSettings, claim: str, event_type: str, at_least: int = 1, timeout_s: float = 30.0
) -> list[EventMessage]:
    """The events denials published about one claim (other tests' claims share no topic, but be exact)."""
    events = await read_events(
        settings.kafka_bootstrap,
        settings.topic("rcm.denials.events"),
        at_least=at_least,
        timeout_s=timeout_s,
        event_type=event_type,
    )
    return [e for e in events if getattr(e.payload, "claim_id", None) == claim]


def days_after(day: date, days: int) -> date:
    return day + timedelta(days=days)
