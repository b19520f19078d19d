"""Acceptance: a coded encounter becomes ClaimSubmitted, and its 837P passes pyx12 with zero errors."""

from __future__ import annotations

import pytest
from claims_scenarios import (
    claim_id_of,
    claims_events,
    coded_encounter,
    line,
    publish,
    pyx12_errors,
    wait_for_claim,
)
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_schemas.events.claims import ClaimSubmitted

pytestmark = pytest.mark.stack


async def test_a_coded_encounter_becomes_a_submitted_claim_whose_837p_passes_pyx12(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-submit-1", line(1, "99213"), line(2, "17110"))
    message = await publish(claims_service, encounter)
    claim_id = claim_id_of("enc-submit-1")

    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    (submitted,) = await claims_events(claims_settings, event_type="ClaimSubmitted")
    event = submitted.payload
    assert isinstance(event, ClaimSubmitted)
    assert event.claim_id == claim_id and event.encounter_id == "enc-submit-1"
    assert submitted.envelope.correlation_id == message.envelope.correlation_id
    assert submitted.envelope.causation_id == message.envelope.event_id
    assert event.frequency_code == "1" and event.payer_id == "NWHP1"
    assert [(li.procedure_code, str(li.charge_amount)) for li in event.lines] == [
        ("99213", "190.00"),
        ("17110", "220.00"),
    ]
    assert event.total_charge == record.claim.total_charge
    assert pyx12_errors(event.x12_837p) == []
    assert f"CLM*{claim_id}*" in event.x12_837p and ":B:1*" in event.x12_837p

    # The control numbers are persisted, and belong to this submission only.
    number = int(event.interchange_control_number)
    reservation = await claims_service.db["control_numbers"].find_one({"_id": number})
    assert reservation is not None and reservation["key"].startswith(f"{claim_id}/")
    assert record.x12_837p == event.x12_837p


async def test_a_redelivered_encounter_submits_nothing_twice(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-submit-2")
    message = await publish(claims_service, encounter)
    await claims_service.publisher.publish(message)  # the same event id again: at-least-once delivery
    await publish(claims_service, encounter)  # a second EncounterCoded for the same encounter (re-coded)
    claim_id = claim_id_of("enc-submit-2")
    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)

    events = await claims_events(claims_settings, at_least=2, timeout_s=8)
    assert [e.envelope.event_type for e in events] == ["ClaimSubmitted"]
    assert await claims_service.db["control_numbers"].count_documents({}) >= 1
