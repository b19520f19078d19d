"""A biller gives a held claim the 837P details a rule found missing (SetHeldClaimDetails over HTTP): the claim
is re-scrubbed and submitted; PWK attachments are set the same way."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from claims_builders import TENANT, claim_id_of, coded_encounter, line
from claims_fakes import claims_world
from rcm_claims.domain.claim_details import Attachment, LineDrug
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import CorrectionError, apply_corrections
from rcm_claims.domain.detail_corrections import LineDrugSetting, SetClaimDetails
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.sample_claims import sample_claim, sample_line
from rcm_claims.service.scrubbing import edit_held_claim, scrub_claim
from rcm_platform.testing.auth import headers_for_tenant
from rcm_schemas.events.claim_details import SetHeldClaimDetails
from rcm_schemas.events.claims import ClaimSubmitted

HEADERS = headers_for_tenant(TENANT)
AT = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
DRUG = LineDrug(ndc="00003029320", quantity=Decimal("4"), unit="ML")


def test_the_details_correction_clears_the_holds_it_answers(context: ScrubContext) -> None:
    drug_line = sample_line(2, "J3301").model_copy(update={"charge": Decimal("60.00")})
    claim = sample_claim(sample_line(1, "85025"), drug_line)
    held = scrub_claim(ClaimRecord(claim=claim), context, event_id="e1", at=AT, work_item_id="WI1").record
    assert {f.rule_id for f in held.findings if f.severity == "error"} >= {
        "data.clia_missing",
        "payer.ndc_missing",
    }

    fix = SetClaimDetails(clia_number="14D0987654", line_drugs=(LineDrugSetting(line_number=2, drug=DRUG),))
    edited = edit_held_claim(held, [fix], context, by="biller1", event_id="e2", at=AT).record
    assert {f.rule_id for f in edited.findings} & {"data.clia_missing", "payer.ndc_missing"} == set()
    assert edited.claim.clia_number == "14D0987654" and edited.claim.lines[1].drug == DRUG
    assert edited.claim.lines[0].drug is None and edited.claim.patient == claim.patient  # nothing else moved


def test_a_drug_for_a_line_the_claim_does_not_have_is_refused() -> None:
    fix = SetClaimDetails(line_drugs=(LineDrugSetting(line_number=7, drug=DRUG),))
    with pytest.raises(CorrectionError, match="no line 7"):
        apply_corrections(sample_claim(), [fix])


def test_attachments_given_replace_the_claims_and_left_out_keep_them() -> None:
    paper = (Attachment(report_type="09", transmission_code="FX", control_number="ACN1"),)
    with_paper = apply_corrections(sample_claim(), [SetClaimDetails(attachments=paper)])
    assert with_paper.attachments == paper
    assert apply_corrections(with_paper, [SetClaimDetails(clia_number="14D0987654")]).attachments == paper
    assert apply_corrections(with_paper, [SetClaimDetails(attachments=())]).attachments == ()


async def test_a_biller_sets_the_clia_and_paperwork_over_http_and_the_claim_goes_out() -> None:
    world = claims_world()
    await world.deliver(coded_encounter("enc-lab", line(1, "99213"), line(2, "85025")), tenant_id=TENANT)
    claim_id = claim_id_of("enc-lab")
    async with world.http() as client:
        (item,) = (
            await client.get("/work-items", headers=HEADERS, params={"rule_id": "data.clia_missing"})
        ).json()
        nothing = {"work_item_id": item["work_item_id"], "details": {}}
        refused = await client.post(f"/claims/{claim_id}/details", json=nothing, headers=HEADERS)
        body = {
            "work_item_id": item["work_item_id"],
            "details": {
                "clia_number": "14D0987654",
                "attachments": [{"report_type": "OZ", "transmission_code": "EL", "control_number": "ACN77"}],
            },
        }
        accepted = await client.post(f"/claims/{claim_id}/details", json=body, headers=HEADERS)

    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][:2] == ["body", "details"]
    assert accepted.status_code == 202
    (command,) = [m for m in world.publisher.messages if isinstance(m.payload, SetHeldClaimDetails)]
    await world.deliver_message(command)
    record = await world.record(claim_id)
    assert record is not None and record.status is ClaimStatus.SUBMITTED
    assert record.claim.clia_number == "14D0987654"
    assert [a.control_number for a in record.claim.attachments] == ["ACN77"]
    (submitted,) = world.published(ClaimSubmitted)
    assert "REF*X4*14D0987654~" in submitted.x12_837p and "PWK*OZ*EL***AC*ACN77~" in submitted.x12_837p
