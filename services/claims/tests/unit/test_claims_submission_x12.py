from datetime import UTC, datetime

import rcm_x12
from rcm_claims.bench import TRANSMISSION, bench_claims, pyx12_validate
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.corrections import AddModifier
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.to_x12 import write_claims_837p
from rcm_claims.sample_claims import NORTHWIND, PATIENT, sample_claim, sample_line
from rcm_claims.service.scrubbing import edit_held_claim, release_held_claim, scrub_claim, submit_claim

AT = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
CONTROLS = rcm_x12.ControlNumbers(1, 1, 1)


def test_837p_of_a_scrubbed_claim_passes_pyx12(context: ScrubContext) -> None:
    claim = sample_claim(
        sample_line(1, "99213", place_of_service="10"),
        sample_line(2, "G2211", place_of_service="10"),
        telehealth=True,
        telehealth_mode="audio_video",
    )
    decision = scrub_claim(ClaimRecord(claim=claim), context, event_id="e1", at=AT, work_item_id="WI1")
    assert decision.record.status is ClaimStatus.SCRUBBED
    submitted = submit_claim(
        decision.record, transmission=TRANSMISSION, controls=CONTROLS, event_id="e2", at=AT
    )
    assert submitted.record.status is ClaimStatus.SUBMITTED
    (event,) = submitted.events
    valid, ack = pyx12_validate(event.x12_837p)
    assert valid, ack
    assert "SV1*HC:99213:95*" in event.x12_837p  # the auto-fixed modifier went out


def test_dependent_patient_and_many_claims_pass_pyx12() -> None:
    child = PATIENT.model_copy(
        update={"first_name": "TIMMY", "birth_date": PATIENT.birth_date.replace(year=2015)}
    )
    coverage = NORTHWIND.model_copy(update={"relationship": "19", "subscriber": PATIENT})
    claims = [*bench_claims(5), sample_claim(claim_id="CLMDEP", patient=child, coverage=coverage)]
    valid, ack = pyx12_validate(write_claims_837p(claims, TRANSMISSION, CONTROLS))
    assert valid, ack


def test_unchanged_claim_is_not_submitted_twice(context: ScrubContext) -> None:
    record = scrub_claim(
        ClaimRecord(claim=sample_claim()), context, event_id="e1", at=AT, work_item_id="W"
    ).record
    sent = submit_claim(record, transmission=TRANSMISSION, controls=CONTROLS, event_id="e2", at=AT).record
    again = sent.model_copy(update={"state": record.state})  # as if someone pushed it back to scrubbed
    decision = submit_claim(again, transmission=TRANSMISSION, controls=CONTROLS, event_id="e3", at=AT)
    assert decision.outcome == "refused" and decision.events == ()


def test_held_claim_gets_a_work_item_then_edit_clears_it(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "20610"), sample_line(2, "96372"), prior_authorization_number="PA1")
    held = scrub_claim(ClaimRecord(claim=claim), context, event_id="e1", at=AT, work_item_id="WI9")
    assert held.record.status is ClaimStatus.HELD
    assert [event.EVENT_TYPE for event in held.events] == ["ClaimHeld"]
    assert held.events[0].findings[0].rule_id == "ncci.ptp_modifier_required"
    assert held.record.work_item.status == "open"
    edited = edit_held_claim(
        held.record, [AddModifier(line_number=2, modifier="XU")], context, by="biller1", event_id="e2", at=AT
    )
    assert edited.record.status is ClaimStatus.SCRUBBED
    assert edited.record.work_item.status == "resolved"
    assert [action.action for action in edited.record.work_item.actions] == ["opened", "edited", "resolved"]


def test_release_accepting_the_finding(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "20610"), sample_line(2, "96372"), prior_authorization_number="PA1")
    held = scrub_claim(ClaimRecord(claim=claim), context, event_id="e1", at=AT, work_item_id="WI9").record
    refused = release_held_claim(held, context, by="biller1", accepted_rule_ids=(), event_id="e2", at=AT)
    assert refused.record.status is ClaimStatus.HELD
    released = release_held_claim(
        refused.record,
        context,
        by="biller1",
        accepted_rule_ids=("ncci.ptp_modifier_required",),
        event_id="e3",
        at=AT,
    )
    assert released.record.status is ClaimStatus.SCRUBBED
    assert released.record.work_item.status == "released"
