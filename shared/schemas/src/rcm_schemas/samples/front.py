"""Samples of the front of the pipeline: registration, coding, claims, acknowledgments."""

from __future__ import annotations

from rcm_schemas import events as ev
from rcm_schemas.envelope import Event
from rcm_schemas.samples.parts import (
    CLAIM,
    COVERAGE,
    DOS,
    ENCOUNTER,
    ENCOUNTER_LINES,
    FACTS,
    FACTS_V1,
    FINDING,
    LINES,
    PATIENT,
    PAYER,
    WHO,
    D,
)


def _claim_submitted_v1() -> ev.ClaimSubmittedV1:
    return ev.ClaimSubmittedV1(
        claim_id=CLAIM,
        encounter_id=ENCOUNTER,
        patient_id=PATIENT,
        payer_id=PAYER,
        interchange_control_number="000000101",
        group_control_number="101",
        transaction_set_control_number="0001",
        x12_837p="ISA*00*          *00*          *ZZ*SUNRISE        *ZZ*AETNA01        "
        "*250303*1200*^*00501*"
        "000000101*0*T*:~GS*HC*SUNRISE*AETNA01*20250303*1200*101*X*005010X222A1~ST*837*0001*005010X222A1~"
        "SE*3*0001~GE*1*101~IEA*1*000000101~",
        total_charge=D("180.00"),
        date_of_service=DOS,
        place_of_service="10",
        telehealth=True,
        billing_provider_npi="1234567893",
        rendering_provider_npi="1245319599",
        diagnoses=("E119", "I10"),
        lines=(
            ev.ClaimLine(
                **LINES[0].model_dump(), charge_amount=D("180.00"), line_control_number="CLM000123-1"
            ),
        ),
    )


def front_samples() -> list[Event]:
    """Registration to acknowledgment."""
    return [
        ev.EncounterRegisteredV1(
            encounter_id=ENCOUNTER,
            patient_id=PATIENT,
            facts=FACTS_V1,
            selected_diagnoses=("E11.9", "I10"),
            selected_lines=LINES,
            note_id="note-000123",
            note_text="Video visit from home. Type 2 diabetes without complications, hypertension; refills.",
        ),
        ev.EncounterRegistered(
            encounter_id=ENCOUNTER,
            patient_id=PATIENT,
            facts=FACTS,
            selected_diagnoses=("E11.9", "I10"),
            selected_lines=ENCOUNTER_LINES,
            note_id="note-000123",
            note_text="Video visit from home after a car accident. Type 2 diabetes, hypertension; refills.",
        ),
        ev.RegistrationIncomplete(
            encounter_id=ENCOUNTER,
            patient_id=PATIENT,
            work_item_id="wi-reg-1",
            problems=(
                ev.RegistrationProblem(
                    code="coverage_inactive", message="Coverage ended 2025-01-31", field="coverage"
                ),
            ),
            eligibility=FACTS.eligibility.model_copy(update={"active": False}),
        ),
        ev.CorrectRegistration(
            encounter_id=ENCOUNTER, work_item_id="wi-reg-1", requested_by="frontdesk.bo", coverage=COVERAGE
        ),
        ev.CorrectCoverage(encounter_id=ENCOUNTER, requested_by="frontdesk.bo", coverage=COVERAGE),
        ev.EncounterCoverageCorrected(
            encounter_id=ENCOUNTER,
            correction_id="5f0c7b1e-3d2a-4c8e-9b6f-1a2b3c4d5e6f",
            corrected_by="frontdesk.bo",
            coverage=COVERAGE,
            eligibility=FACTS.eligibility,
        ),
        ev.EncounterCodedV1(
            encounter_id=ENCOUNTER,
            patient_id=PATIENT,
            facts=FACTS_V1,
            diagnoses=("E119", "I10"),
            lines=LINES,
            coded_by="auto",
            code_set_release="ICD-10-CM 2025",
        ),
        ev.EncounterCoded(
            encounter_id=ENCOUNTER,
            patient_id=PATIENT,
            facts=FACTS,
            diagnoses=("E119", "I10"),
            lines=ENCOUNTER_LINES,
            coded_by="auto",
            code_set_release="ICD-10-CM 2025",
        ),
        ev.CodingReviewRequired(
            encounter_id=ENCOUNTER,
            work_item_id="wi-cod-1",
            findings=(
                FINDING.model_copy(update={"rule_id": "DX-BILLABLE", "message": "E11 is not billable"}),
            ),
            suggestions=(
                ev.CodeSuggestion(
                    code="E119",
                    kind="diagnosis",
                    score=0.91,
                    matched_words=("diabetes", "without complications"),
                ),
            ),
        ),
        ev.AssignCodingReview(encounter_id=ENCOUNTER, work_item_id="wi-cod-1", coder_id="coder.kim"),
        ev.CompleteCodingReview(
            encounter_id=ENCOUNTER,
            work_item_id="wi-cod-1",
            coder_id="coder.kim",
            diagnoses=("E119", "I10"),
            lines=LINES,
        ),
        _claim_submitted_v1(),
        ev.ClaimSubmitted(**_claim_submitted_v1().model_dump(), coverage_order="primary"),
        ev.SelfPayClaimBilled(
            claim_id=CLAIM,
            encounter_id=ENCOUNTER,
            patient_id=PATIENT,
            total_charge=D("180.00"),
            date_of_service=DOS,
            place_of_service="11",
            billing_provider_npi="1234567893",
            rendering_provider_npi="1245319599",
            diagnoses=("E119", "I10"),
            lines=(
                ev.ClaimLine(
                    line_number=1,
                    procedure_code="99214",
                    diagnosis_pointers=(1, 2),
                    charge_amount=D("180.00"),
                    line_control_number="CLM000123-1",
                ),
            ),
        ),
        ev.ClaimHeld(
            claim_id=CLAIM,
            encounter_id=ENCOUNTER,
            payer_id=PAYER,
            work_item_id="wi-clm-1",
            total_charge=D("215.00"),
            date_of_service=DOS,
            findings=(FINDING,),
        ),
        ev.SetHeldClaimDetails(
            claim_id=CLAIM,
            work_item_id="wi-clm-1",
            requested_by=WHO,
            details=ev.HeldClaimDetails(
                referring_provider=FACTS.referring_provider,
                clia_number="14D0987654",
                related_causes=FACTS.related_causes,
                attachments=(
                    ev.ClaimAttachment(report_type="09", transmission_code="FX", control_number="ACN000123"),
                ),
                line_drugs=(
                    ev.LineDrugSetting(
                        line_number=3, drug=ev.LineDrug(ndc="00641037621", quantity=D("1"), unit="ML")
                    ),
                ),
            ),
        ),
        ev.UpdateHeldClaimV1(
            claim_id=CLAIM,
            work_item_id="wi-clm-1",
            requested_by=WHO,
            fixes=(ev.RemoveModifier(line_number=2, modifier="95"), ev.ChangeUnits(line_number=1, units=1)),
        ),
        ev.UpdateHeldClaim(
            claim_id=CLAIM,
            work_item_id="wi-clm-1",
            requested_by=WHO,
            fixes=(
                ev.ReplaceDiagnosis(position=2, diagnosis_code="I110"),
                ev.ChangeProcedureCode(line_number=1, procedure_code="99213"),
                ev.ChangeUnits(line_number=1, units=1),
            ),
        ),
        ev.ReleaseHeldClaim(
            claim_id=CLAIM, work_item_id="wi-clm-1", requested_by=WHO, accepted_rule_ids=("AGE-DX-WARN",)
        ),
        ev.ClaimAcknowledged(
            claim_id=CLAIM,
            payer_id=PAYER,
            ack_kind="277CA",
            interchange_control_number="000000101",
            payer_claim_control_number="PCN7781",
            status_code="A1:20",
        ),
        ev.ClaimRejected(
            claim_id=CLAIM,
            payer_id=PAYER,
            ack_kind="999",
            interchange_control_number="000000101",
            reason="Required element missing: subscriber member id",
            reason_code="1",
            segment="NM1",
            segment_position=14,
            element_position=9,
            date_of_service=DOS,
            total_charge=D("180.00"),
        ),
    ]
