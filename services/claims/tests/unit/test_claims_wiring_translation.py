"""The adapters between the wire and the domain: EncounterCoded -> claim, fixes -> corrections, payer facts,
claim ids, and the stored document (integer cents) round trip."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from rcm_claims.adapters.claim_documents import record_from_state, record_to_state
from rcm_claims.adapters.claim_ids import claim_id_for_encounter, replacement_claim_id
from rcm_claims.adapters.control_numbers import ISA13_MAX, candidate
from rcm_claims.adapters.encounter_translation import claim_from_encounter
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.adapters.fix_translation import correction_from_fix
from rcm_claims.adapters.payer_fact_translation import PAYER_FACT_EVENTS, payer_fact_from
from rcm_claims.domain import corrections as domain
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.lifecycle import ClaimEvent
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.service.scrubbing import scrub_claim
from rcm_schemas import events as ev
from rcm_schemas.codes import ClaimId
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.samples import sample_events
from rcm_schemas.samples.parts import COVERAGE, PATIENT_DEMOGRAPHICS

CLAIM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,37}$")
AT = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)


def sample(kind: type[Any]) -> Any:
    return next(event for event in sample_events() if type(event) is kind)


def test_an_encounter_becomes_a_claim_with_fee_schedule_charges() -> None:
    encounter: EncounterCoded = sample(EncounterCoded)
    claim = claim_from_encounter(encounter, "clinic-sunrise", ClinicFeeSchedule())
    assert claim.claim_id == claim_id_for_encounter("clinic-sunrise", encounter.encounter_id)
    assert CLAIM_ID.match(claim.claim_id) and len(claim.claim_id) <= 38
    assert claim.coverage.payer_id == encounter.facts.coverage.payer_id
    assert claim.patient.last_name == encounter.facts.patient.last_name
    assert claim.billing_provider.name == encounter.facts.billing_provider.organization_name
    assert claim.diagnoses == ("E119", "I10") and claim.telehealth and claim.telehealth_mode == "audio_video"
    first = claim.lines[0]
    assert first.line_control_number == f"{claim.claim_id}-1" and first.modifiers == ("95",)
    assert first.charge == Decimal("250.00") and first.place_of_service == "10"
    assert claim.lines[1].charge == Decimal("30.00") and claim.total_charge == Decimal("280.00")


def test_claim_ids_are_deterministic_short_and_distinct() -> None:
    assert claim_id_for_encounter("t1", "enc-1") == claim_id_for_encounter("t1", "enc-1")
    assert claim_id_for_encounter("t1", "enc-1") != claim_id_for_encounter("t2", "enc-1")
    replacement = replacement_claim_id("C123", "cor-1")
    assert replacement.startswith("R") and replacement != replacement_claim_id("C123", "cor-2")
    assert ClaimId  # the contract these ids satisfy (pattern checked above)


def test_control_number_candidates_are_stable_and_in_range() -> None:
    numbers = [candidate("C1/e1", attempt) for attempt in range(50)]
    assert numbers == [candidate("C1/e1", attempt) for attempt in range(50)]
    assert all(1 <= number <= ISA13_MAX for number in numbers) and len(set(numbers)) == 50


@pytest.mark.parametrize(
    ("fix", "expected"),
    [
        (ev.AddModifier(line_number=1, modifier="25"), domain.AddModifier(line_number=1, modifier="25")),
        (
            ev.RemoveModifier(line_number=1, modifier="95"),
            domain.RemoveModifier(line_number=1, modifier="95"),
        ),
        (ev.ChangePlaceOfService(place_of_service="11"), domain.ChangePlaceOfService(place_of_service="11")),
        (
            ev.ChangeDiagnosisPointers(line_number=2, diagnosis_pointers=(2,)),
            domain.ChangeDiagnosisPointers(line_number=2, diagnosis_pointers=(2,)),
        ),
        (ev.ChangeUnits(line_number=1, units=2), domain.ChangeUnits(line_number=1, units=2)),
        (
            ev.SetPriorAuthorization(prior_authorization_number="PA9"),
            domain.SetPriorAuthorization(prior_authorization_number="PA9"),
        ),
    ],
)
def test_every_wire_fix_becomes_the_same_domain_correction(fix: Any, expected: Any) -> None:
    assert correction_from_fix(fix) == expected


def test_registration_data_fix_carries_coverage_and_patient() -> None:
    fix = ev.UpdateRegistrationData(coverage=COVERAGE, patient=PATIENT_DEMOGRAPHICS)
    correction = correction_from_fix(fix)
    assert isinstance(correction, domain.UpdateRegistrationData)
    assert correction.coverage is not None and correction.coverage.member_id == COVERAGE.member_id
    assert correction.patient is not None and correction.patient.birth_date == PATIENT_DEMOGRAPHICS.birth_date


@pytest.mark.parametrize("event_class", list(PAYER_FACT_EVENTS), ids=lambda c: c.EVENT_TYPE)
def test_every_payer_event_sample_maps_to_its_lifecycle_event(event_class: type[Any]) -> None:
    event = sample(event_class)  # the current version's sample (ClaimDenied: v2, not the v1 sample)
    fact = payer_fact_from(event)
    assert fact.claim_id == event.claim_id and fact.event is PAYER_FACT_EVENTS[event_class]
    if fact.event in (ClaimEvent.PAID, ClaimEvent.DENIED):
        assert fact.payer_claim_control_number == "PCN7781" and "paid_cents" in fact.details
    if fact.event is ClaimEvent.REVERSED:
        assert fact.payer_claim_control_number is None  # the reversal's number is not the claim's


def test_the_stored_state_keeps_money_in_cents_and_round_trips(context: ScrubContext) -> None:
    claim = claim_from_encounter(sample(EncounterCoded), "clinic-sunrise", ClinicFeeSchedule())
    record = scrub_claim(ClaimRecord(claim=claim), context, event_id="e1", at=AT, work_item_id="WI-1").record
    state = record_to_state(record)
    assert state["record"]["claim"]["lines"][0]["charge_cents"] == 25000
    assert "charge" not in state["record"]["claim"]["lines"][0]
    assert state["total_charge_cents"] == 28000 and state["status"] == "held"
    # AETNA01 is not in the payer directory, so the claim is held with a work item.
    assert state["work_item_status"] == "open" and "data.payer_member" in state["rule_ids"]
    assert record_from_state(state) == record
