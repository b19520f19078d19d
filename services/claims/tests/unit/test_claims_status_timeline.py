"""The claim status follow-up on the claim's timeline: our 276, the payer's 277 and the escalation are notes in
the history (GET /claims/{id}) that move no status; a redelivery is noted once; an unknown claim is a dead
letter; and a later 835 still moves the claim as before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from claims_builders import TENANT, acknowledged, claim_id_of, coded_encounter, denied
from claims_fakes import ClaimsWorld, claims_world
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas.events.claim_status import ClaimStatusEscalated, ClaimStatusInquired, ClaimStatusReported

START = datetime.now(UTC)
ON = date(2025, 4, 9)


async def at(world: ClaimsWorld, event: Event, seconds: int) -> EventMessage:
    message = new_message(
        event, producer="tests", tenant_id=TENANT, occurred_at=START + timedelta(seconds=seconds)
    )
    await world.deliver_message(message)
    return message


def inquiry(claim_id: str) -> list[Event]:
    common = {"claim_id": claim_id, "payer_id": "NWHP1", "interchange_control_number": "123456789"}
    return [
        ClaimStatusInquired(
            **common, inquired_on=ON, submitted_on=ON - timedelta(days=30), days_silent=30, inquiry_number=1,
            x12_276="ISA*...",
        ),
        ClaimStatusReported(
            **common, reported_on=ON, category="P1", status_code="20", group="pending",
            label="Pending: in process (20 accepted for processing)", x12_277="ISA*...",
        ),
    ]  # fmt: skip


async def acknowledged_claim(world: ClaimsWorld) -> ClaimRecord:
    await world.deliver(coded_encounter("enc-silent"), tenant_id=TENANT)
    record = await world.record(claim_id_of("enc-silent"))
    assert record is not None
    interchange = record.state.history[-1].details["interchange_control_number"]
    await at(world, acknowledged(record.claim_id, interchange, "NWH-PCN-1"), 1)
    return record


async def test_inquiry_answer_and_escalation_are_notes_that_move_no_status() -> None:
    world = claims_world()
    record = await acknowledged_claim(world)
    inquired, reported = inquiry(record.claim_id)
    first = await at(world, inquired, 2)
    await at(world, reported, 3)
    await world.deliver_message(first)  # a redelivery is noted once
    escalation = ClaimStatusEscalated(
        claim_id=record.claim_id, payer_id="NWHP1", escalated_on=ON + timedelta(days=39),
        date_of_service=date(2025, 3, 4), filing_deadline=date(2025, 6, 2), total_charge=Decimal("270.00"),
        days_left=15, last_category="P1", reason="no payer decision 15 days before the timely filing limit",
    )  # fmt: skip
    await at(world, escalation, 4)

    after = await world.record(record.claim_id)
    assert after is not None and after.status is ClaimStatus.ACKNOWLEDGED
    notes = [entry for entry in after.state.history if entry.event.startswith("status_")]
    assert [str(entry.event) for entry in notes] == ["status_inquired", "status_reported", "status_escalated"]
    assert all(entry.from_status is entry.to_status is ClaimStatus.ACKNOWLEDGED for entry in notes)
    assert notes[0].details["inquiry_number"] == "1" and notes[0].details["inquired_on"] == "2025-04-09"
    assert (notes[1].details["category"], notes[1].details["group"]) == ("P1", "pending")
    assert notes[2].details["filing_deadline"] == "2025-06-02"
    assert world.dead_letters() == []

    await at(world, denied(record.claim_id, "NWH-PCN-1", record.claim.total_charge), 5)
    final = await world.record(record.claim_id)
    assert final is not None and final.status is ClaimStatus.DENIED  # the 835 still moves the claim


async def test_a_status_note_about_an_unknown_claim_is_dead_lettered() -> None:
    world = claims_world()
    inquired, _ = inquiry("CUNKNOWN")
    await at(world, inquired, 1)
    (letter,) = world.dead_letters()
    assert "unknown to the claims service" in letter["reason"]
