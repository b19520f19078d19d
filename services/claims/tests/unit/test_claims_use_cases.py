"""The claims workflows on in-memory ports through the real consumer: intake, scrub and submit; a held claim
released; payer facts; a correction's replacement; duplicates applied once; unknown claims dead-lettered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from claims_builders import (
    TENANT,
    acknowledged,
    claim_id_of,
    coded_encounter,
    correction_requested,
    denied,
    line,
)
from claims_fakes import ClaimsWorld, claims_world
from rcm_claims.adapters.claim_ids import replacement_claim_id
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_codesets import clinic_charge
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas import events as ev
from rcm_schemas.events.claims import ClaimHeld, ClaimSubmitted, ReleaseHeldClaim

PAYER_NUMBER = "NWH-PCN-5501"
START = datetime.now(UTC)


async def deliver_at(world: ClaimsWorld, event: Event, seconds: int) -> EventMessage:
    """Payer facts are ordered by their own time: each step happens after the previous one."""
    message = new_message(
        event, producer="tests", tenant_id=TENANT, occurred_at=START + timedelta(seconds=seconds)
    )
    await world.deliver_message(message)
    return message


async def stored(world: ClaimsWorld, claim_id: str) -> ClaimRecord:
    record = await world.record(claim_id)
    assert record is not None, f"claim {claim_id} was not stored"
    return record


async def submitted_claim(world: ClaimsWorld, encounter_id: str) -> ClaimRecord:
    await world.deliver(coded_encounter(encounter_id), tenant_id=TENANT)
    return await stored(world, claim_id_of(encounter_id))


async def test_a_clean_encounter_is_scrubbed_and_submitted_with_its_837p() -> None:
    world = claims_world()
    record = await submitted_claim(world, "enc-1")

    (submitted,) = world.published(ClaimSubmitted)
    assert submitted.claim_id == claim_id_of("enc-1") and submitted.frequency_code == "1"
    assert submitted.x12_837p.startswith("ISA*") and "SV1*HC:99213*" in submitted.x12_837p
    assert world.published(ClaimHeld) == []
    assert record.status is ClaimStatus.SUBMITTED and record.findings == ()


async def test_a_redelivered_encounter_is_applied_once() -> None:
    world = claims_world()
    message = await world.deliver(coded_encounter("enc-2"), tenant_id=TENANT)
    await world.deliver_message(message)  # the same event again (a redelivery)
    await world.deliver(coded_encounter("enc-2"), tenant_id=TENANT)  # the encounter coded again

    assert len(world.published(ClaimSubmitted)) == 1
    assert world.stored_claims() == 1 and world.dead_letters() == []


async def test_a_held_claim_released_by_the_biller_is_submitted() -> None:
    world = claims_world()
    await world.deliver(coded_encounter("enc-3", line(1, "10060"), line(2, "12001")), tenant_id=TENANT)
    claim_id = claim_id_of("enc-3")
    (held_event,) = world.published(ClaimHeld)
    assert [f.rule_id for f in held_event.findings] == ["ncci.ptp_modifier_required"]
    held = await stored(world, claim_id)
    assert held.status is ClaimStatus.HELD and held.work_item is not None
    assert world.published(ClaimSubmitted) == []

    release = ReleaseHeldClaim(
        claim_id=claim_id,
        work_item_id=held.work_item.work_item_id,
        requested_by="biller.ann",
        accepted_rule_ids=("ncci.ptp_modifier_required",),
    )
    await world.deliver(release, tenant_id=TENANT)

    released = await stored(world, claim_id)
    assert released.status is ClaimStatus.SUBMITTED
    assert released.work_item is not None and released.work_item.status == "released"
    assert [e.claim_id for e in world.published(ClaimSubmitted)] == [claim_id]


async def test_a_release_naming_another_work_item_changes_nothing() -> None:
    world = claims_world()
    await world.deliver(coded_encounter("enc-4", line(1, "10060"), line(2, "12001")), tenant_id=TENANT)
    claim_id = claim_id_of("enc-4")
    release = ReleaseHeldClaim(claim_id=claim_id, work_item_id="WI-other", requested_by="biller.ann")
    await world.deliver(release, tenant_id=TENANT)

    assert (await stored(world, claim_id)).status is ClaimStatus.HELD
    assert world.published(ClaimSubmitted) == [] and world.dead_letters() == []


async def test_payer_facts_move_the_claim_and_a_redelivered_fact_is_applied_once() -> None:
    world = claims_world()
    record = await submitted_claim(world, "enc-5")
    interchange = record.state.history[-1].details["interchange_control_number"]

    ack = await deliver_at(world, acknowledged(record.claim_id, interchange, PAYER_NUMBER), 1)
    assert (await stored(world, record.claim_id)).status is ClaimStatus.ACKNOWLEDGED
    await world.deliver_message(ack)
    await deliver_at(world, denied(record.claim_id, PAYER_NUMBER, record.claim.total_charge), 2)

    after = await stored(world, record.claim_id)
    assert after.status is ClaimStatus.DENIED
    assert after.payer_claim_control_number == PAYER_NUMBER
    events = [str(entry.event) for entry in after.state.history]
    assert events.count("acknowledged") == 1 and events[-1] == "denied"


async def test_a_correction_of_a_denied_claim_submits_one_replacement() -> None:
    world = claims_world()
    original = await submitted_claim(world, "enc-6")
    interchange = original.state.history[-1].details["interchange_control_number"]
    await deliver_at(world, acknowledged(original.claim_id, interchange, PAYER_NUMBER), 1)
    await deliver_at(world, denied(original.claim_id, PAYER_NUMBER, original.claim.total_charge), 2)

    fix = ev.AddModifier(line_number=1, modifier="25")
    request = await deliver_at(world, correction_requested(original.claim_id, "cor-1", PAYER_NUMBER, fix), 3)
    await world.deliver_message(request)  # redelivered: no second replacement

    new_id = replacement_claim_id(original.claim_id, "cor-1")
    replacement = await stored(world, new_id)
    assert (
        replacement.status is ClaimStatus.SUBMITTED
        and replacement.claim.original_claim_id == original.claim_id
    )
    replaced = await stored(world, original.claim_id)
    assert replaced.status is ClaimStatus.REPLACED and replaced.replaced_by_claim_id == new_id
    resubmitted = [e for e in world.published(ClaimSubmitted) if e.claim_id == new_id]
    assert len(resubmitted) == 1
    assert resubmitted[0].frequency_code == "7" and f"REF*F8*{PAYER_NUMBER}~" in resubmitted[0].x12_837p
    assert "SV1*HC:99213:25*" in resubmitted[0].x12_837p


async def test_facts_and_commands_about_an_unknown_claim_are_dead_lettered() -> None:
    world = claims_world()
    fact = await world.deliver(acknowledged("CUNKNOWN", "101", PAYER_NUMBER), tenant_id=TENANT)
    fix = ev.AddModifier(line_number=1, modifier="25")
    await world.deliver(correction_requested("CUNKNOWN", "cor-9", PAYER_NUMBER, fix), tenant_id=TENANT)
    release = ReleaseHeldClaim(claim_id="CUNKNOWN", work_item_id="WI-CUNKNOWN", requested_by="biller.ann")
    await world.deliver(release, tenant_id=TENANT)

    letters = world.dead_letters()
    assert [letter["reason_kind"] for letter in letters] == ["permanent"] * 3
    assert letters[0]["event_id"] == str(fact.envelope.event_id)
    assert all("CUNKNOWN" in letter["reason"] for letter in letters)
    assert world.stored_claims() == 0 and world.published(ClaimSubmitted) == []


async def test_a_denied_claims_procedure_code_is_corrected_at_the_clinics_fee() -> None:
    world = claims_world()
    original = await submitted_claim(world, "enc-7")
    interchange = original.state.history[-1].details["interchange_control_number"]
    await deliver_at(world, acknowledged(original.claim_id, interchange, PAYER_NUMBER), 1)
    await deliver_at(world, denied(original.claim_id, PAYER_NUMBER, original.claim.total_charge), 2)

    fix = ev.ChangeProcedureCode(line_number=1, procedure_code="99214")
    await deliver_at(world, correction_requested(original.claim_id, "cor-2", PAYER_NUMBER, fix), 3)

    replacement = await stored(world, replacement_claim_id(original.claim_id, "cor-2"))
    corrected = replacement.claim.lines[0]
    fee = clinic_charge("99214", corrected.date_of_service)
    assert fee is not None and corrected.procedure_code == "99214"
    assert corrected.charge == fee * corrected.units != original.claim.lines[0].charge
    (sent,) = [e for e in world.published(ClaimSubmitted) if e.claim_id == replacement.claim_id]
    assert sent.frequency_code == "7" and "SV1*HC:99214*" in sent.x12_837p
