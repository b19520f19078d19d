"""Self-pay visits: the claim is scrubbed by the coding and completeness rules only, and billed to the patient
(SelfPayClaimBilled) instead of being written as 837P and sent to a payer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from claims_builders import SELF_PAY, TENANT, acknowledged, claim_id_of, coded_encounter, line
from claims_fakes import claims_world
from rcm_claims.domain.claim import Coverage
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.scrubber import DEFAULT_RULES, SELF_PAY_RULES, rules_for, scrub
from rcm_claims.sample_claims import sample_claim, sample_line
from rcm_schemas.events.claims import ClaimHeld, ClaimSubmitted, ReleaseHeldClaim, SelfPayClaimBilled

SELF = Coverage(payer_id="SELF", payer_name="SELF-PAY", member_id="PAT-1")


def test_a_self_pay_claim_is_judged_without_the_payer_rules(context: ScrubContext) -> None:
    assert rules_for(sample_claim(coverage=SELF), context) == SELF_PAY_RULES
    assert rules_for(sample_claim(), context) == DEFAULT_RULES
    assert not [rule for rule in SELF_PAY_RULES if rule.rule_id.startswith("payer.")]


def test_a_payer_rule_that_holds_an_insured_claim_does_not_hold_a_self_pay_one(context: ScrubContext) -> None:
    insured = sample_claim()
    seen = replace(context, prior_fingerprints=frozenset({insured.duplicate_fingerprint()}))
    assert [f.rule_id for f in scrub(insured, seen).blocking] == ["payer.duplicate_claim"]

    self_pay = sample_claim(coverage=SELF)
    seen = replace(context, prior_fingerprints=frozenset({self_pay.duplicate_fingerprint()}))
    assert scrub(self_pay, seen).passed


def test_coding_and_completeness_rules_still_hold_a_self_pay_claim(context: ScrubContext) -> None:
    bundled = sample_claim(sample_line(1, "10060"), sample_line(2, "12001"), coverage=SELF)
    assert [f.rule_id for f in scrub(bundled, context).blocking] == ["ncci.ptp_modifier_required"]
    unbillable = sample_claim(coverage=SELF, diagnoses=("J06",))
    assert "data.diagnosis" in scrub(unbillable, context).rule_ids


async def test_a_self_pay_encounter_is_billed_to_the_patient_and_never_written_as_837p() -> None:
    world = claims_world()
    await world.deliver(
        coded_encounter("enc-sp-1", date_of_service=date(2025, 3, 3), coverage=SELF_PAY), tenant_id=TENANT
    )
    claim_id = claim_id_of("enc-sp-1")

    (billed,) = world.published(SelfPayClaimBilled)
    assert world.published(ClaimSubmitted) == [] and world.published(ClaimHeld) == []
    record = await world.record(claim_id)
    assert record is not None and record.status is ClaimStatus.BILLED_TO_PATIENT
    assert record.x12_837p == "" and record.submitted_content_fingerprints == ()
    assert [entry.event for entry in record.state.history] == [
        ClaimEvent.SCRUB_PASSED,
        ClaimEvent.BILLED_TO_PATIENT,
    ]
    assert (billed.claim_id, billed.encounter_id, billed.patient_id) == (claim_id, "enc-sp-1", "pat-004567")
    assert billed.total_charge == record.claim.total_charge > 0
    assert billed.date_of_service == date(2025, 3, 3)
    assert [(li.procedure_code, li.charge_amount) for li in billed.lines] == [
        ("99213", record.claim.lines[0].charge)
    ]


async def test_a_redelivered_self_pay_encounter_bills_the_patient_once() -> None:
    world = claims_world()
    message = await world.deliver(coded_encounter("enc-sp-2", coverage=SELF_PAY), tenant_id=TENANT)
    await world.deliver_message(message)
    await world.deliver(coded_encounter("enc-sp-2", coverage=SELF_PAY), tenant_id=TENANT)  # re-coded

    assert len(world.published(SelfPayClaimBilled)) == 1
    assert world.stored_claims() == 1 and world.dead_letters() == []


async def test_a_held_self_pay_claim_released_by_the_biller_is_billed_to_the_patient() -> None:
    world = claims_world()
    encounter = coded_encounter("enc-sp-3", line(1, "10060"), line(2, "12001"), coverage=SELF_PAY)
    await world.deliver(encounter, tenant_id=TENANT)
    claim_id = claim_id_of("enc-sp-3")
    (held,) = world.published(ClaimHeld)
    assert held.payer_id == "SELF" and [f.rule_id for f in held.findings] == ["ncci.ptp_modifier_required"]

    release = ReleaseHeldClaim(
        claim_id=claim_id,
        work_item_id=held.work_item_id,
        requested_by="biller.ann",
        accepted_rule_ids=("ncci.ptp_modifier_required",),
    )
    await world.deliver(release, tenant_id=TENANT)

    record = await world.record(claim_id)
    assert record is not None and record.status is ClaimStatus.BILLED_TO_PATIENT
    assert [e.claim_id for e in world.published(SelfPayClaimBilled)] == [claim_id]
    assert world.published(ClaimSubmitted) == []


async def test_a_payer_fact_about_a_patient_bill_moves_nothing() -> None:
    world = claims_world()
    await world.deliver(coded_encounter("enc-sp-4", coverage=SELF_PAY), tenant_id=TENANT)
    claim_id = claim_id_of("enc-sp-4")
    await world.deliver(acknowledged(claim_id, "1001", "PCN-1"), tenant_id=TENANT)

    record = await world.record(claim_id)
    assert record is not None and record.status is ClaimStatus.BILLED_TO_PATIENT
    assert world.dead_letters() == []
