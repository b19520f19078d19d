"""Translation of domain outcomes into the published event payloads (rcm_schemas); envelopes are added by
the wiring layer, which owns event ids, tenant and correlation."""

from __future__ import annotations

import rcm_x12
from rcm_schemas.events.claims import ClaimHeld, ClaimLine, ClaimSubmitted, SelfPayClaimBilled
from rcm_schemas.events.common import Finding as WireFinding

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.findings import Finding


def _wire_finding(finding: Finding) -> WireFinding:
    return WireFinding.model_validate(finding.model_dump())


def claim_held(claim: ProfessionalClaim, work_item_id: str, findings: tuple[Finding, ...]) -> ClaimHeld:
    return ClaimHeld(
        claim_id=claim.claim_id,
        encounter_id=claim.encounter_id,
        payer_id=claim.coverage.payer_id,
        work_item_id=work_item_id,
        total_charge=claim.total_charge,
        date_of_service=claim.first_date_of_service,
        findings=tuple(_wire_finding(finding) for finding in findings),
    )


def claim_submitted(
    claim: ProfessionalClaim, x12_text: str, controls: rcm_x12.ControlNumbers
) -> ClaimSubmitted:
    return ClaimSubmitted(
        claim_id=claim.claim_id,
        encounter_id=claim.encounter_id,
        patient_id=claim.patient_id,
        payer_id=claim.coverage.payer_id,
        frequency_code=claim.frequency_code,
        original_claim_id=claim.original_claim_id,
        payer_claim_control_number=claim.payer_claim_control_number or None,
        interchange_control_number=str(controls.interchange),
        group_control_number=str(controls.group),
        transaction_set_control_number=str(controls.transaction_set),
        x12_837p=x12_text,
        total_charge=claim.total_charge,
        date_of_service=claim.first_date_of_service,
        place_of_service=claim.place_of_service,
        telehealth=claim.telehealth,
        billing_provider_npi=claim.billing_provider.npi,
        rendering_provider_npi=claim.rendering_provider.npi,
        diagnoses=claim.diagnoses,
        lines=_wire_lines(claim),
        coverage_order=claim.coverage.order,
        primary_claim_id=claim.prior_adjudications[0].claim_id if claim.prior_adjudications else None,
        next_payer_id=claim.other_coverages[0].payer_id if claim.other_coverages else None,
    )


def self_pay_claim_billed(claim: ProfessionalClaim) -> SelfPayClaimBilled:
    return SelfPayClaimBilled(
        claim_id=claim.claim_id,
        encounter_id=claim.encounter_id,
        patient_id=claim.patient_id,
        total_charge=claim.total_charge,
        date_of_service=claim.first_date_of_service,
        place_of_service=claim.place_of_service,
        telehealth=claim.telehealth,
        billing_provider_npi=claim.billing_provider.npi,
        rendering_provider_npi=claim.rendering_provider.npi,
        diagnoses=claim.diagnoses,
        lines=_wire_lines(claim),
    )


def _wire_lines(claim: ProfessionalClaim) -> tuple[ClaimLine, ...]:
    return tuple(
        ClaimLine(
            line_number=line.line_number,
            procedure_code=line.procedure_code,
            modifiers=line.modifiers,
            units=line.units,
            diagnosis_pointers=line.diagnosis_pointers,
            charge_amount=line.charge,
            line_control_number=line.line_control_number,
            place_of_service=line.place_of_service,
        )
        for line in claim.lines
    )
