"""Payer-ready 837P: provider taxonomies travel from the encounter to PRV*BI / PRV*PE, a billing provider without
ZIP+4 and a $0 (unpriced) line are held with a fix hint and cannot be released past the writer.

The claims here carry their own addresses, so the rules are tested independently of the demo's clinics."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import rcm_x12
from claims_builders import TENANT, claim_id_of, coded_encounter, line
from claims_fakes import claims_world
from rcm_claims.adapters.encounter_translation import claim_from_encounter
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.bench import TRANSMISSION, pyx12_validate
from rcm_claims.domain.claim import Address, Coverage, ProfessionalClaim
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.scrubber import scrub
from rcm_claims.domain.to_x12 import write_claims_837p
from rcm_claims.sample_claims import CLINIC, sample_claim, sample_line
from rcm_claims.service.scrubbing import release_held_claim, scrub_claim
from rcm_schemas.events.claims import ClaimHeld, ClaimSubmitted

AT = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
CONTROLS = rcm_x12.ControlNumbers(1, 1, 1)
UNPRICED = "G0008"  # billable, but neither the Medicare-based default nor the sample chargemaster prices it


def _billed_from(postal_code: str, **changes: object) -> ProfessionalClaim:
    address = Address(line1="200 CLINIC DR", city="SPRINGFIELD", state="IL", postal_code=postal_code)
    provider = CLINIC.model_copy(update={"address": address})
    return sample_claim(billing_provider=provider, **changes)


def test_the_taxonomies_on_the_wire_reach_the_claim() -> None:
    encounter = coded_encounter("enc-tax")
    claim = claim_from_encounter(encounter, TENANT, ClinicFeeSchedule())
    assert (
        claim.billing_provider.taxonomy_code == encounter.facts.billing_provider.taxonomy_code == "207Q00000X"
    )
    assert claim.rendering_provider.taxonomy_code == encounter.facts.rendering_provider.taxonomy_code


def test_the_837p_carries_both_prv_segments_and_passes_pyx12() -> None:
    text = write_claims_837p([sample_claim()], TRANSMISSION, CONTROLS)
    segments = text.split("~")
    assert segments[segments.index("HL*1**20*1") + 1] == "PRV*BI*PXC*261QP2300X"
    assert segments[segments.index("NM1*82*1*SMITH*ANNA****XX*1992753883") + 1] == "PRV*PE*PXC*207Q00000X"
    valid, ack = pyx12_validate(text)
    assert valid, ack


@pytest.mark.parametrize("postal_code", ["62704", "62704-1234", "6270412"])
def test_a_billing_provider_without_zip_plus_4_is_held_with_a_hint_naming_the_field(
    context: ScrubContext, postal_code: str
) -> None:
    result = scrub(_billed_from(postal_code), context)
    (finding,) = result.blocking
    assert finding.rule_id == "data.billing_zip_plus_4"
    assert "billing_provider.practice_address.postal_code" in finding.fix_hint
    assert postal_code not in finding.message


def test_a_billing_provider_with_zip_plus_4_passes(context: ScrubContext) -> None:
    assert scrub(_billed_from("627041234"), context).passed


def test_the_zip_plus_4_rule_does_not_hold_a_self_pay_claim(context: ScrubContext) -> None:
    # A self-pay visit becomes the patient's bill, never an 837P: only the 837P needs ZIP+4.
    self_pay = Coverage(payer_id="SELF", payer_name="SELF-PAY", member_id="PAT-1")
    assert scrub(_billed_from("62704", coverage=self_pay), context).passed


def test_an_unpriced_line_is_held_by_its_own_rule(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "99213"), sample_line(2, UNPRICED))
    assert claim.lines[1].charge == Decimal("0")
    result = scrub(claim, context)
    assert [(f.rule_id, f.line_number) for f in result.blocking] == [("data.line_charge", 2)]
    assert "chargemaster" in result.blocking[0].fix_hint


def test_a_missing_billing_taxonomy_is_a_warning_only(context: ScrubContext) -> None:
    provider = CLINIC.model_copy(update={"taxonomy_code": ""})
    result = scrub(sample_claim(billing_provider=provider), context)
    assert result.passed
    assert [(f.rule_id, f.severity) for f in result.findings] == [("data.billing_taxonomy", "warning")]


@pytest.mark.parametrize(
    ("claim", "rule_id"),
    [
        (_billed_from("62704"), "data.billing_zip_plus_4"),
        (sample_claim(sample_line(1, UNPRICED)), "data.line_charge"),
    ],
)
def test_a_biller_cannot_release_what_the_writer_would_refuse(
    context: ScrubContext, claim: ProfessionalClaim, rule_id: str
) -> None:
    held = scrub_claim(ClaimRecord(claim=claim), context, event_id="e1", at=AT, work_item_id="WI1").record
    assert held.status is ClaimStatus.HELD
    released = release_held_claim(
        held, context, by="biller1", accepted_rule_ids=(rule_id,), event_id="e2", at=AT
    )
    assert released.record.status is ClaimStatus.HELD


@pytest.mark.parametrize(
    ("claim", "element"),
    [(_billed_from("62704"), "N403"), (sample_claim(sample_line(1, UNPRICED)), "SV102")],
)
def test_the_writer_refuses_them_too(claim: ProfessionalClaim, element: str) -> None:
    with pytest.raises(rcm_x12.X12BuildError, match=element):
        write_claims_837p([claim], TRANSMISSION, CONTROLS)


async def test_an_encounter_with_an_unpriced_code_is_held_not_sent() -> None:
    world = claims_world()
    await world.deliver(
        coded_encounter("enc-unpriced", line(1, "99213"), line(2, UNPRICED)), tenant_id=TENANT
    )
    (held,) = world.published(ClaimHeld)
    assert held.claim_id == claim_id_of("enc-unpriced")
    assert [(f.rule_id, f.line_number) for f in held.findings] == [("data.line_charge", 2)]
    assert world.published(ClaimSubmitted) == [] and world.dead_letters() == []


async def test_an_encounter_from_a_clinic_with_a_5_digit_zip_is_held_not_sent() -> None:
    encounter = coded_encounter("enc-zip5")
    address = encounter.facts.billing_provider.practice_address.model_copy(update={"postal_code": "62704"})
    provider = encounter.facts.billing_provider.model_copy(update={"practice_address": address})
    facts = encounter.facts.model_copy(update={"billing_provider": provider})
    world = claims_world()
    await world.deliver(encounter.model_copy(update={"facts": facts}), tenant_id=TENANT)
    (held,) = world.published(ClaimHeld)
    assert held.claim_id == claim_id_of("enc-zip5")
    assert [f.rule_id for f in held.findings] == ["data.billing_zip_plus_4"]
    assert world.published(ClaimSubmitted) == [] and world.dead_letters() == []
