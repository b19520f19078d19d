"""EncounterCoded v2's 837P details -> our claim -> rcm_x12's Claim model (the writer's input): each detail lands
in its claim837 field, and the situational ones only when the guide wants them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import rcm_x12
from rcm_claims.adapters.claim_documents import record_from_state, record_to_state
from rcm_claims.adapters.encounter_translation import claim_from_encounter
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.claim_details import Attachment, ServiceFacility
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.to_x12 import to_x12_claim
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.samples import sample_events


def _sample_claim_with_details() -> ProfessionalClaim:
    encounter = next(event for event in sample_events() if type(event) is EncounterCoded)
    return claim_from_encounter(encounter, "clinic-sunrise", ClinicFeeSchedule())


def test_every_detail_of_the_encounter_reaches_the_837p_model() -> None:
    claim = _sample_claim_with_details()
    x12 = to_x12_claim(claim)

    assert x12.referring_provider == rcm_x12.NamedProvider("Referrer", "1003000126", "Rita")
    assert x12.supervising_provider == rcm_x12.NamedProvider("Welby", "1245319599", "")
    assert x12.service_facility is not None and x12.service_facility.name == "Sunrise Satellite Site"
    assert x12.service_facility.address.postal_code == "627030040" and x12.service_facility.npi == ""
    assert x12.related_causes == rcm_x12.RelatedCauses(("AA",), "IL", date(2025, 2, 20))
    assert x12.onset_date == date(2025, 2, 20) and x12.patient_paid == Decimal("25.00")
    assert x12.delay_reason_code == "" and x12.attachments == ()
    drug_lines = [line for line in x12.lines if line.drug is not None]
    assert [(line.procedure_code, line.drug) for line in drug_lines] == [
        ("J1100", rcm_x12.DrugIdentification("00641037621", Decimal("1"), "ML"))
    ]
    # The sample bills no lab test, so the CLIA number it carries stays off the claim (REF*X4 is for labs).
    assert claim.clia_number == "14D0987654" and x12.clia_number == ""


def test_clia_goes_out_with_a_lab_line_and_pwk_with_each_attachment() -> None:
    claim = _sample_claim_with_details()
    lab = claim.lines[0].model_copy(update={"line_number": 9, "procedure_code": "85025", "modifiers": ()})
    paperwork = (
        Attachment(report_type="09", transmission_code="FX", control_number="ACN0001"),
        Attachment(report_type="OZ", transmission_code="AA"),
    )
    x12 = to_x12_claim(
        claim.model_copy(
            update={"lines": (*claim.lines, lab), "attachments": paperwork, "delay_reason_code": "7"}
        )
    )
    assert x12.clia_number == "14D0987654" and x12.delay_reason_code == "7"
    assert x12.attachments == (
        rcm_x12.Attachment("09", "FX", "ACN0001"),
        rcm_x12.Attachment("OZ", "AA", ""),
    )


def test_a_site_at_the_billing_address_and_a_zero_paid_amount_are_left_out() -> None:
    claim = _sample_claim_with_details()
    same_place = ServiceFacility(name="Main office", address=claim.billing_provider.address)
    x12 = to_x12_claim(
        claim.model_copy(update={"service_facility": same_place, "patient_paid": Decimal("0.00")})
    )
    assert x12.service_facility is None and x12.patient_paid is None


def test_an_encounter_without_details_maps_to_none_of_them() -> None:
    claim = _sample_claim_with_details()
    bare = claim.model_copy(
        update={
            "referring_provider": None,
            "supervising_provider": None,
            "service_facility": None,
            "related_causes": None,
            "onset_date": None,
            "patient_paid": None,
            "lines": tuple(line.model_copy(update={"drug": None}) for line in claim.lines),
        }
    )
    x12 = to_x12_claim(bare)
    assert (x12.referring_provider, x12.supervising_provider, x12.service_facility) == (None, None, None)
    assert (x12.related_causes, x12.onset_date, x12.patient_paid) == (None, None, None)
    assert all(line.drug is None for line in x12.lines)


def test_the_stored_claim_keeps_the_paid_amount_in_cents_and_round_trips() -> None:
    record = ClaimRecord(claim=_sample_claim_with_details())
    state = record_to_state(record)
    stored = state["record"]["claim"]
    assert stored["patient_paid_cents"] == 2500 and "patient_paid" not in stored
    assert record_from_state(state) == record
    unpaid = ClaimRecord(claim=record.claim.model_copy(update={"patient_paid": None}))
    assert record_from_state(record_to_state(unpaid)) == unpaid
