"""Acceptance (real broker and store): a visit covered twice is billed to the primary; when the primary's 835
leaves a patient share, claims sends the secondary an 837P carrying the primary's adjudication, once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from claims_scenarios import (
    claim_id_of,
    claims_events,
    coded_encounter,
    later,
    publish,
    pyx12_errors,
    wait_for_claim,
)
from rcm_claims.domain.coordination import next_payer_claim_id
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_schemas import events as ev

pytestmark = pytest.mark.stack

D = Decimal
SUPPLEMENT = ev.OtherCoverage(payer_id="CCPPO", coverage_order="secondary", member_id="CCP5550123401")


def _with_supplement(encounter_id: str) -> ev.EncounterCoded:
    coded = coded_encounter(encounter_id)
    return coded.model_copy(
        update={"facts": coded.facts.model_copy(update={"other_coverages": (SUPPLEMENT,)})}
    )


def _primary_paid(claim_id: str, line: ev.ClaimLine, paid: str, share: str) -> ev.ClaimPaid:
    contractual = line.charge_amount - D(paid) - D(share)
    return ev.ClaimPaid(
        claim_id=claim_id,
        payer_id="NWHP1",
        trace_number="NW-EFT-1",
        payer_claim_control_number="NWH-PCN-77",
        claim_status_code="1",
        payment_date=later(0).date(),
        charge_amount=line.charge_amount,
        paid_amount=D(paid),
        patient_responsibility=D(share),
        lines=(
            ev.RemitLine(
                line_number=1,
                line_control_number=line.line_control_number,
                procedure_code=line.procedure_code,
                charge_amount=line.charge_amount,
                allowed_amount=D(paid) + D(share),
                paid_amount=D(paid),
                adjustments=(
                    ev.Adjustment(group_code="CO", carc="45", amount=contractual),
                    ev.Adjustment(group_code="PR", carc="2", amount=D(share)),
                ),
            ),
        ),
    )


async def test_the_primarys_835_sends_the_secondary_its_own_claim_once(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    await publish(claims_service, _with_supplement("enc-cob-1"))
    primary_id = claim_id_of("enc-cob-1")
    await wait_for_claim(claims_service, primary_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    (primary,) = [
        m.payload
        for m in await claims_events(claims_settings, event_type="ClaimSubmitted")
        if m.payload.claim_id == primary_id
    ]
    assert primary.next_payer_id == "CCPPO" and primary.coverage_order == "primary"
    assert "SBR*S*" in primary.x12_837p  # the primary claim names the coverage billed next (2320)

    answer = _primary_paid(primary_id, primary.lines[0], paid="64.00", share="16.00")
    message = await publish(claims_service, answer, occurred_at=later(1))
    await claims_service.publisher.publish(message)  # redelivered: the secondary is not built twice

    secondary_id = next_payer_claim_id(primary_id, "CCPPO")
    record = await wait_for_claim(claims_service, secondary_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    assert record.claim.coverage.payer_id == "CCPPO" and record.claim.coverage.order == "secondary"
    submitted = [
        m.payload
        for m in await claims_events(claims_settings, at_least=2, event_type="ClaimSubmitted")
        if m.payload.claim_id == secondary_id
    ]
    assert len(submitted) == 1
    (secondary,) = submitted
    assert (secondary.primary_claim_id, secondary.coverage_order, secondary.next_payer_id) == (
        primary_id,
        "secondary",
        None,
    )
    x12 = secondary.x12_837p
    assert pyx12_errors(x12) == []
    assert "SBR*S*" in x12 and "AMT*D*64" in x12  # 2320: what the primary paid
    assert "SVD*NWHP1*64" in x12  # 2430: the primary's line adjudication
    assert "CAS*PR*2*16" in x12
