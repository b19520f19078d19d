"""Acceptance: a denied-then-paid sequence of events leaves the claim paid with the whole history; a payer
event about a claim we never built goes to the DLQ."""

from __future__ import annotations

import pytest
from claims_scenarios import (
    acknowledged,
    claim_id_of,
    coded_encounter,
    denied,
    later,
    paid,
    publish,
    wait_for_claim,
)
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_records

pytestmark = pytest.mark.stack


async def test_a_denied_then_paid_claim_is_paid_with_its_whole_history(claims_service: Service) -> None:
    await publish(claims_service, coded_encounter("enc-life-1"))
    claim_id = claim_id_of("enc-life-1")
    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    charge = record.claim.total_charge
    interchange = record.state.history[-1].details["interchange_control_number"]

    await publish(claims_service, acknowledged(claim_id, interchange, "NWH-PCN-1"), occurred_at=later(1))
    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.ACKNOWLEDGED)
    await publish(claims_service, denied(claim_id, "NWH-PCN-1", charge), occurred_at=later(2))
    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.DENIED)
    denial_reprocessed = paid(claim_id, "NWH-PCN-1", charge, "120.00")
    message = await publish(claims_service, denial_reprocessed, occurred_at=later(3))
    await claims_service.publisher.publish(message)  # redelivered: changes nothing

    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.PAID)
    history = record.state.history
    assert [entry.event for entry in history] == [
        ClaimEvent.SCRUB_PASSED,
        ClaimEvent.SUBMITTED,
        ClaimEvent.ACKNOWLEDGED,
        ClaimEvent.DENIED,
        ClaimEvent.PAID,
    ]
    assert [entry.to_status for entry in history][-2:] == [ClaimStatus.DENIED, ClaimStatus.PAID]
    assert all(entry.outcome == "applied" for entry in history)
    assert history[-1].details["paid_cents"] == "12000"
    assert record.payer_claim_control_number == "NWH-PCN-1"


async def test_a_payer_event_about_an_unknown_claim_is_dead_lettered(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    await publish(claims_service, paid("CNOTOURS0001", "NWH-PCN-9", "100.00", "80.00"))
    letters = await read_records(
        claims_settings.kafka_bootstrap, claims_settings.topic("rcm.dlq.claims"), at_least=1
    )
    headers = [{k: v.decode() for k, v in r.headers} for r in letters]  # type: ignore[attr-defined]
    assert [h["dlq.reason_kind"] for h in headers] == ["permanent"]
    assert "CNOTOURS0001" in headers[0]["dlq.reason"]
