"""A producer that does not check X12 text: the claim whose 837P cannot be written is dead-lettered as
permanent (no retries), the reason naming the element and rule, never the value; nothing is submitted."""

from __future__ import annotations

import pytest
from claims_scenarios import claim_id_of, coded_encounter, load_claim, publish
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_platform.testing.kafka_reading import read_records

pytestmark = pytest.mark.stack


async def test_an_encounter_with_a_forged_segment_in_a_name_is_dead_lettered_as_permanent(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-unsafe-1")
    patient = encounter.facts.patient.model_copy(update={"last_name": "DOE~NM1*IL*1*EVIL*X~"})
    unsafe = encounter.model_copy(update={"facts": encounter.facts.model_copy(update={"patient": patient})})
    await publish(claims_service, unsafe)

    letters = await read_records(
        claims_settings.kafka_bootstrap, claims_settings.topic("rcm.dlq.claims"), at_least=1
    )
    headers = [{k: v.decode() for k, v in r.headers} for r in letters]  # type: ignore[attr-defined]
    assert [h["dlq.reason_kind"] for h in headers] == ["permanent"]
    reason = headers[0]["dlq.reason"]
    assert "NM103" in reason and "delimiter" in reason
    assert "EVIL" not in reason and "DOE" not in reason
    record = await load_claim(claims_service, claim_id_of("enc-unsafe-1"))
    assert record is None or record.status is not ClaimStatus.SUBMITTED
