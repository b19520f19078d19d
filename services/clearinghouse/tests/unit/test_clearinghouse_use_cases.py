"""The clearinghouse's workflows on in-memory ports: acknowledge, reject, pay on the simulated day, once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from clearinghouse_claims import SUBMITTED_ON, TENANT, build_claim, claim_submitted, quiet_scenario
from clearinghouse_fakes import Clearinghouse
from rcm_schemas.events.clearinghouse import ClaimAcknowledged, ClaimRejected, RemittanceReceived
from rcm_x12 import read_835, verify_balance


async def test_an_accepted_claim_is_acknowledged_by_277ca_and_waits_for_its_payment_day() -> None:
    world = Clearinghouse(quiet_scenario())
    await world.deliver(claim_submitted(build_claim("CLM-OK"), 101))

    (ack,) = world.published(ClaimAcknowledged)
    assert isinstance(ack, ClaimAcknowledged)
    assert (ack.claim_id, ack.ack_kind, ack.status_code) == ("CLM-OK", "277CA", "A2:20")
    assert ack.interchange_control_number == "101" and ack.payer_claim_control_number
    assert world.published(ClaimRejected) == [] and world.published(RemittanceReceived) == []
    state = world.state_of("CLM-OK")
    assert [a["status"] for a in state["acknowledgments"]] == ["accepted"]
    (entry,) = state["adjudications"]
    assert entry["received_on"] == SUBMITTED_ON.isoformat() and not entry["duplicate"]
    assert [p["entry_id"] for p in world.ledger.pointers.values()] == ["CLM-OK"]


async def test_unknown_payer_and_bad_member_are_rejected_by_277ca_and_never_scheduled() -> None:
    world = Clearinghouse(quiet_scenario())
    await world.deliver(claim_submitted(build_claim("CLM-NOPAYER", "ZZPAYER9"), 201))
    await world.deliver(claim_submitted(build_claim("CLM-BADMEMBER", member_id="12"), 202))

    rejected = {e.claim_id: e for e in world.published(ClaimRejected) if isinstance(e, ClaimRejected)}
    assert rejected["CLM-NOPAYER"].ack_kind == "277CA" and "unknown payer" in rejected["CLM-NOPAYER"].reason
    assert rejected["CLM-BADMEMBER"].reason_code == "A7:164:IL"
    assert world.published(ClaimAcknowledged) == []
    assert world.ledger.pointers == {}
    assert world.state_of("CLM-NOPAYER")["adjudications"] == []
    assert (await world.time.advance(365)).released == []


async def test_a_broken_837_is_rejected_by_999_naming_the_segment() -> None:
    world = Clearinghouse(quiet_scenario())
    event = claim_submitted(build_claim("CLM-BROKEN"), 203)
    await world.deliver(event.model_copy(update={"x12_837p": event.x12_837p.replace("~CLM*", "~CLM**", 1)}))

    (rejection,) = world.published(ClaimRejected)
    assert isinstance(rejection, ClaimRejected)
    assert (rejection.ack_kind, rejection.segment, rejection.interchange_control_number) == (
        "999",
        "CLM",
        "203",
    )
    (ack,) = world.state_of("CLM-BROKEN")["acknowledgments"]
    assert (ack["status"], ack["ack_kind"], ack["segment"]) == ("rejected", "999", "CLM")
    assert world.ledger.pointers == {}


async def test_the_remittance_is_released_the_day_the_simulated_clock_reaches_the_payment_date() -> None:
    world = Clearinghouse(quiet_scenario(provider_adjustment_rate=Decimal("1")))
    await world.deliver(claim_submitted(build_claim("CLM-PAY"), 301))
    payment_date = date.fromisoformat(world.state_of("CLM-PAY")["adjudications"][0]["payment_date"])
    days = (payment_date - SUBMITTED_ON).days
    assert days > 1

    before = await world.time.advance(days - 1)
    assert before.released == [] and world.published(RemittanceReceived) == []
    on_the_day = await world.time.advance(1)
    assert on_the_day.today == payment_date and len(on_the_day.released) == 1
    assert (await world.time.advance(30)).released == []  # released once

    (remittance,) = world.published(RemittanceReceived)
    assert isinstance(remittance, RemittanceReceived)
    assert remittance.trace_number == on_the_day.released[0] and remittance.payment_date == payment_date
    (parsed,) = read_835(remittance.x12_835)
    assert [c.claim_id for c in parsed.claims] == ["CLM-PAY"] and verify_balance(parsed)
    assert parsed.provider_adjustments  # PLB at rate 1, netted in BPR02
    report = await world.queries.submission("CLM-PAY", TENANT)
    assert report is not None and report.released["CLM-PAY"]["trace_number"] == remittance.trace_number
    assert await world.queries.remittance_835(remittance.trace_number, TENANT) == remittance.x12_835
    assert await world.queries.remittance_835(remittance.trace_number, "clinic-b") is None
    assert await world.queries.submission("CLM-PAY", "clinic-b") is None


async def test_a_redelivered_claim_submitted_is_applied_once_and_never_resent() -> None:
    world = Clearinghouse(quiet_scenario())
    message = await world.deliver(claim_submitted(build_claim("CLM-TWICE"), 401))
    await world.redeliver(message)

    assert world.gateway.submitted == ["CLM-TWICE-401"]
    assert len(world.published(ClaimAcknowledged)) == 1
    state = world.state_of("CLM-TWICE")
    assert len(state["acknowledgments"]) == 1 and len(state["adjudications"]) == 1
    assert len(world.ledger.pointers) == 1


async def test_a_redelivery_after_a_failed_publish_sends_the_acknowledgment_left_in_the_outbox() -> None:
    world = Clearinghouse(quiet_scenario())
    world.publisher.fail_next = 1  # the broker is down right after the claim's document was written
    event = claim_submitted(build_claim("CLM-OUTAGE"), 402)
    with pytest.raises(ConnectionError):
        await world.deliver(event, event_id=UUID(int=402))
    assert world.published(ClaimAcknowledged) == []

    await world.deliver(event, event_id=UUID(int=402))  # the consumer retries the same message

    assert len(world.published(ClaimAcknowledged)) == 1
    assert world.gateway.submitted == ["CLM-OUTAGE-402"]


async def test_the_same_claim_sent_again_as_an_original_is_denied_co_18() -> None:
    world = Clearinghouse(quiet_scenario())
    claim = build_claim("CLM-AGAIN")
    await world.deliver(claim_submitted(claim, 501))
    await world.deliver(claim_submitted(claim, 502))  # a new ClaimSubmitted (new event id), same claim

    first, second = world.state_of("CLM-AGAIN")["adjudications"]
    assert not first["duplicate"] and second["duplicate"] and second["adjustment_codes"] == ["CO-18"]
    assert second["entry_id"] == "CLM-AGAIN#2"
    assert len(world.published(ClaimAcknowledged)) == 2


async def test_a_replacement_before_payment_supersedes_the_original() -> None:
    world = Clearinghouse(quiet_scenario())
    original = build_claim("CLM-FIX")
    await world.deliver(claim_submitted(original, 601))
    corrected = build_claim("CLM-FIX", frequency_code="7", original_claim_number="ANY")
    await world.deliver(claim_submitted(corrected, 602))

    released = (await world.time.advance(120)).released
    (remittance,) = [e for e in world.published(RemittanceReceived) if isinstance(e, RemittanceReceived)]
    assert released == [remittance.trace_number]
    (parsed,) = read_835(remittance.x12_835)
    assert [c.claim_id for c in parsed.claims] == ["CLM-FIX"]  # paid once: the replacement alone
    assert world.ledger.release_records["CLM-FIX"]["outcome"] == "superseded"
    assert world.ledger.release_records["CLM-FIX#2"]["outcome"] == "remitted"
