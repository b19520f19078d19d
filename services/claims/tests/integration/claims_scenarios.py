"""Helpers of the claims integration tests: coded encounters built from the schema samples, publishing as
the other services would, waiting for the claim, reading the claims topic, and pyx12."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rcm_claims.adapters.claim_ids import claim_id_for_encounter
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_events
from rcm_platform.testing.phi_guard import remember_phi
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas import events as ev
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.samples import sample_events
from rcm_x12.pyx12_validation import pyx12_problems

TENANT = "clinic-sunrise"
NORTHWIND = ev.Coverage(
    payer_id="NWHP1",
    payer_name="Northwind Health Plan",
    coverage_order="primary",
    member_id="NWH204816357",
    group_number="GRP100",
)
RECENT = datetime.now(UTC).date() - timedelta(days=5)


def sample_encounter_coded() -> EncounterCoded:
    return next(event for event in sample_events() if isinstance(event, EncounterCoded))


def line(number: int, code: str, *, modifiers: tuple[str, ...] = (), units: int = 1) -> ev.SelectedLine:
    return ev.SelectedLine(line_number=number, procedure_code=code, modifiers=modifiers, units=units)


def coded_encounter(
    encounter_id: str, *lines: ev.SelectedLine, date_of_service: date = RECENT
) -> EncounterCoded:
    """The sample EncounterCoded moved to an in-person office visit at Northwind (in the payer directory)."""
    sample = sample_encounter_coded()
    facts = sample.facts.model_copy(
        update={
            "coverage": NORTHWIND,
            "other_coverages": (),
            "date_of_service": date_of_service,
            "place_of_service": "11",
            "telehealth": False,
            "telehealth_mode": None,
            "patient_location": None,
        }
    )
    patient = facts.patient
    remember_phi(patient.first_name, patient.last_name, patient.birth_date.isoformat(), NORTHWIND.member_id)
    return sample.model_copy(
        update={
            "encounter_id": encounter_id,
            "facts": facts,
            "diagnoses": ("J069", "I10"),
            "lines": lines or (line(1, "99213"),),
        }
    )


def claim_id_of(encounter_id: str) -> str:
    return claim_id_for_encounter(TENANT, encounter_id)


def message_of(event: Event, *, occurred_at: datetime | None = None) -> EventMessage:
    return new_message(event, producer="tests", tenant_id=TENANT, occurred_at=occurred_at)


async def publish(service: Service, event: Event, *, occurred_at: datetime | None = None) -> EventMessage:
    message = message_of(event, occurred_at=occurred_at)
    await service.publisher.publish(message)
    return message


async def wait_for(predicate: Callable[[], Awaitable[bool]], timeout_s: float = 45.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not reached in time")


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
        await wait_for(reached)
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


def _sample(kind: type[Event]) -> Event:
    return next(event for event in sample_events() if type(event) is kind)


def _adjudicated(kind: type[Event], claim_id: str, payer_claim_control_number: str, **changes: Any) -> Event:
    """A remittance sample about our claim (lines dropped: they describe the sample's own claim)."""
    values = {
        **_sample(kind).model_dump(),
        "claim_id": claim_id,
        "encounter_id": None,
        "payer_id": "NWHP1",
        "payer_claim_control_number": payer_claim_control_number,
        "lines": (),
        **changes,
    }
    return kind.model_validate(values)


def acknowledged(claim_id: str, interchange: str, payer_claim_control_number: str) -> ev.ClaimAcknowledged:
    return ev.ClaimAcknowledged(
        claim_id=claim_id,
        payer_id="NWHP1",
        ack_kind="277CA",
        interchange_control_number=interchange,
        status_code="A1:20",
        payer_claim_control_number=payer_claim_control_number,
    )


def denied(claim_id: str, payer_claim_control_number: str, charge: Any) -> Event:
    return _adjudicated(
        ev.ClaimDenied,
        claim_id,
        payer_claim_control_number,
        charge_amount=charge,
        denied_amount=charge,
        paid_amount="0.00",
    )


def paid(claim_id: str, payer_claim_control_number: str, charge: Any, amount: str) -> Event:
    return _adjudicated(
        ev.ClaimPaid,
        claim_id,
        payer_claim_control_number,
        charge_amount=charge,
        paid_amount=amount,
        patient_responsibility="0.00",
    )


def correction_requested(
    claim_id: str, correction_id: str, payer_claim_control_number: str, *fixes: Any
) -> ev.CorrectionRequested:
    return ev.CorrectionRequested(
        claim_id=claim_id,
        denial_id=f"den-{correction_id}",
        correction_id=correction_id,
        attempt=1,
        payer_claim_control_number=payer_claim_control_number,
        reason_carc="4",
        fixes=fixes,
    )


def later(seconds: int) -> datetime:
    """Payer facts are ordered by their own time: each step of a scenario happens after the previous one."""
    return datetime.now(UTC) + timedelta(seconds=seconds)
