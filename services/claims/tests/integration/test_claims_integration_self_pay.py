"""Acceptance: a self-pay encounter becomes SelfPayClaimBilled on the claims topic, never ClaimSubmitted or 837P."""

from __future__ import annotations

import pytest
from claims_scenarios import (
    SELF_PAY,
    claim_id_of,
    claims_events,
    coded_encounter,
    line,
    publish,
    wait_for_claim,
)
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_schemas.events.claims import SelfPayClaimBilled

pytestmark = pytest.mark.stack


async def test_a_self_pay_encounter_is_billed_to_the_patient_without_an_837p(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-self-pay-1", line(1, "99213"), line(2, "17110"), coverage=SELF_PAY)
    message = await publish(claims_service, encounter)
    await claims_service.publisher.publish(message)  # the same event id again: at-least-once delivery
    claim_id = claim_id_of("enc-self-pay-1")

    record = await wait_for_claim(
        claims_service, claim_id, lambda r: r.status is ClaimStatus.BILLED_TO_PATIENT
    )
    events = await claims_events(claims_settings, at_least=2, timeout_s=8)
    assert [e.envelope.event_type for e in events] == ["SelfPayClaimBilled"]
    (billed,) = events
    event = billed.payload
    assert isinstance(event, SelfPayClaimBilled)
    assert billed.envelope.causation_id == message.envelope.event_id
    assert (event.claim_id, event.encounter_id, event.patient_id) == (
        claim_id,
        "enc-self-pay-1",
        "pat-004567",
    )
    assert [(li.procedure_code, str(li.charge_amount)) for li in event.lines] == [
        ("99213", "190.00"),
        ("17110", "220.00"),
    ]
    assert str(event.total_charge) == "410.00" == str(record.claim.total_charge)
    assert record.x12_837p == ""
    # No payer saw it: the ledger behind the payers' duplicate edit does not hold it.
    assert await claims_service.db["submitted_claims"].count_documents({}) == 0
