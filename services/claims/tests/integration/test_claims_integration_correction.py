"""Acceptance: CorrectionRequested builds a replacement claim (CLM05-3 = 7, REF*F8) that is submitted; a
second identical request does nothing; an unchanged claim is never resubmitted."""

from __future__ import annotations

import pytest
from claims_scenarios import (
    acknowledged,
    claim_id_of,
    claims_events,
    coded_encounter,
    correction_requested,
    denied,
    later,
    line,
    publish,
    pyx12_errors,
    wait_for_claim,
)
from rcm_claims.adapters.claim_ids import replacement_claim_id
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_schemas import events as ev
from rcm_schemas.events.claims import ClaimSubmitted

pytestmark = pytest.mark.stack
PAYER_NUMBER = "NWH-PCN-5501"


async def denied_claim(service: Service, encounter: ev.EncounterCoded) -> ClaimRecord:
    """A claim submitted, accepted by the payer (which gave it its number), then denied."""
    await publish(service, encounter)
    claim_id = claim_id_of(encounter.encounter_id)
    record = await wait_for_claim(service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    interchange = record.state.history[-1].details["interchange_control_number"]
    await publish(service, acknowledged(claim_id, interchange, PAYER_NUMBER), occurred_at=later(1))
    await wait_for_claim(service, claim_id, lambda r: r.status is ClaimStatus.ACKNOWLEDGED)
    await publish(service, denied(claim_id, PAYER_NUMBER, record.claim.total_charge), occurred_at=later(2))
    return await wait_for_claim(service, claim_id, lambda r: r.status is ClaimStatus.DENIED)


async def test_a_correction_submits_a_replacement_claim_once(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    original = await denied_claim(claims_service, coded_encounter("enc-corr-1"))
    request = correction_requested(
        original.claim_id, "cor-1", PAYER_NUMBER, ev.AddModifier(line_number=1, modifier="25")
    )
    first = await publish(claims_service, request, occurred_at=later(3))
    new_id = replacement_claim_id(original.claim_id, "cor-1")

    replacement = await wait_for_claim(claims_service, new_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    replaced = await wait_for_claim(
        claims_service, original.claim_id, lambda r: r.status is ClaimStatus.REPLACED
    )
    assert replaced.replaced_by_claim_id == new_id
    assert replacement.claim.original_claim_id == original.claim_id
    submissions = await claims_events(claims_settings, at_least=2, event_type="ClaimSubmitted")
    # Two claims, two keys, two partitions: find the replacement's by its id, not by its position.
    (resubmitted,) = [m for m in submissions if m.payload.claim_id == new_id]  # type: ignore[attr-defined]
    event = resubmitted.payload
    assert isinstance(event, ClaimSubmitted)
    assert event.frequency_code == "7" and event.original_claim_id == original.claim_id
    assert event.payer_claim_control_number == PAYER_NUMBER
    assert ":B:7*" in event.x12_837p and f"REF*F8*{PAYER_NUMBER}~" in event.x12_837p
    assert "SV1*HC:99213:25*" in event.x12_837p
    assert pyx12_errors(event.x12_837p) == []
    assert resubmitted.envelope.correlation_id == first.envelope.correlation_id

    # The same request again (redelivered), and an identical one with a new event id: nothing happens.
    await claims_service.publisher.publish(first)
    await publish(claims_service, request, occurred_at=later(4))
    after = await claims_events(claims_settings, at_least=3, timeout_s=8)
    assert [m.envelope.event_type for m in after] == ["ClaimSubmitted", "ClaimSubmitted"]
    assert await claims_service.store("claims").load(new_id) is not None
    unchanged = await wait_for_claim(claims_service, new_id, lambda r: True)
    assert unchanged.state.history == replacement.state.history


async def test_a_correction_that_changes_nothing_is_never_resubmitted(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-corr-2", line(1, "99213", modifiers=("25",)))
    original = await denied_claim(claims_service, encounter)
    request = correction_requested(
        original.claim_id, "cor-2", PAYER_NUMBER, ev.AddModifier(line_number=1, modifier="25")
    )  # already there
    await publish(claims_service, request, occurred_at=later(3))

    events = await claims_events(claims_settings, at_least=2, timeout_s=8)
    assert [m.envelope.event_type for m in events] == ["ClaimSubmitted"]
    still = await wait_for_claim(claims_service, original.claim_id, lambda r: True)
    assert still.status is ClaimStatus.DENIED and still.replaced_by_claim_id is None
    assert await claims_service.store("claims").load(replacement_claim_id(original.claim_id, "cor-2")) is None
