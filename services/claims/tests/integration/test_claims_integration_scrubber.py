"""Acceptance: NCCI pairs (indicator 0; indicator 1 without / with modifier 59), MUE units and timely filing,
each judged on a coded encounter flowing through the running service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
from rcm_schemas.events.claims import ClaimHeld, ClaimSubmitted

pytestmark = pytest.mark.stack
LONG_AGO = datetime.now(UTC).date() - timedelta(days=120)  # Northwind's timely-filing limit is 90 days

HELD_SCENARIOS = {
    "ncci_indicator_0": ((line(1, "99213"), line(2, "99211")), None, "ncci.ptp_never_allowed"),
    "ncci_indicator_1_without_modifier": (
        (line(1, "10060"), line(2, "12001")),
        None,
        "ncci.ptp_modifier_required",
    ),
    "units_above_the_mue": ((line(1, "99213", units=2),), None, "mue.units_exceeded"),
    "past_timely_filing": ((line(1, "99213"),), LONG_AGO, "payer.timely_filing"),
}


@pytest.mark.parametrize("scenario", list(HELD_SCENARIOS))
async def test_the_scrubber_holds_the_claim_with_the_rule_id(
    scenario: str, claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    lines, date_of_service, rule_id = HELD_SCENARIOS[scenario]
    encounter_id = f"enc-{scenario.replace('_', '-')}"
    encounter = coded_encounter(
        encounter_id, *lines, **({"date_of_service": date_of_service} if date_of_service else {})
    )
    await publish(claims_service, encounter)
    claim_id = claim_id_of(encounter_id)

    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.HELD)
    (held,) = await claims_events(claims_settings, event_type="ClaimHeld")
    event = held.payload
    assert isinstance(event, ClaimHeld) and event.claim_id == claim_id
    assert rule_id in {finding.rule_id for finding in event.findings}
    assert {finding.rule_id for finding in event.findings if finding.severity == "error"} == {rule_id}
    assert record.work_item is not None and record.work_item.status == "open"
    assert event.work_item_id == record.work_item.work_item_id
    assert record.x12_837p == ""  # nothing was sent
    assert await claims_events(claims_settings, event_type="ClaimSubmitted", timeout_s=3) == []


async def test_ncci_indicator_1_with_modifier_59_passes(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-ncci-59", line(1, "10060"), line(2, "12001", modifiers=("59",)))
    await publish(claims_service, encounter)
    claim_id = claim_id_of("enc-ncci-59")

    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    (submitted,) = await claims_events(claims_settings, event_type="ClaimSubmitted")
    event = submitted.payload
    assert isinstance(event, ClaimSubmitted) and event.claim_id == claim_id
    assert event.lines[1].modifiers == ("59",)
    assert "SV1*HC:12001:59*" in event.x12_837p
    assert pyx12_errors(event.x12_837p) == []


async def test_a_second_claim_for_the_same_visit_is_held_as_a_duplicate(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    first, second = claim_id_of("enc-dup-1"), claim_id_of("enc-dup-2")
    await publish(claims_service, coded_encounter("enc-dup-1"))
    await wait_for_claim(claims_service, first, lambda r: r.status is ClaimStatus.SUBMITTED)
    await publish(claims_service, coded_encounter("enc-dup-2"))  # same patient, day and codes

    record = await wait_for_claim(claims_service, second, lambda r: r.status is ClaimStatus.HELD)
    assert {finding.rule_id for finding in record.findings} == {"payer.duplicate_claim"}
