"""Translator from our claim to rcm_x12's 837P model; the only module that knows both shapes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import rcm_x12
from rcm_codesets import Payer, PayerType, payer, requires_clia

from rcm_claims.domain.claim import (
    SELF_RELATIONSHIP,
    Address,
    Coverage,
    PriorAdjustment,
    ProfessionalClaim,
    ServiceLine,
)
from rcm_claims.domain.claim_details import LineDrug, NamedClinician

# SBR09 claim filing indicator by payer type (837P guide code list): MB Medicare Part B, 16 Medicare
# Advantage HMO, MC Medicaid, CI commercial; self-pay never reaches an 837P but maps to ZZ (mutually defined).
_FILING_INDICATOR = {
    PayerType.MEDICARE: "MB",
    PayerType.MEDICARE_ADVANTAGE: "16",
    PayerType.MEDICAID: "MC",
    PayerType.COMMERCIAL: "CI",
    PayerType.SELF_PAY: "ZZ",
}
_RESPONSIBILITY = {"primary": "P", "secondary": "S", "tertiary": "T"}

PayerLookup = Callable[[str, date], Payer | None]


def _address(address: Address) -> rcm_x12.Address:
    return rcm_x12.Address(address.line1, address.city, address.state, address.postal_code, address.line2)


def to_x12_claim(claim: ProfessionalClaim, payer_lookup: PayerLookup = payer) -> rcm_x12.Claim:
    coverage = claim.coverage
    insured = claim.patient if coverage.relationship == SELF_RELATIONSHIP else coverage.subscriber
    if insured is None:
        raise ValueError(f"claim {claim.claim_id}: the subscriber's demographics are missing")
    subscriber = rcm_x12.Subscriber(
        last_name=insured.last_name,
        first_name=insured.first_name,
        member_id=coverage.member_id,
        birth_date=insured.birth_date,
        gender=insured.sex,
        address=_address(insured.address),
        payer_responsibility=_RESPONSIBILITY[coverage.order],
        group_number=coverage.group_number,
        claim_filing_indicator=_filing_indicator(
            coverage.payer_id, claim.first_date_of_service, payer_lookup
        ),
        middle_name=insured.middle_name,
    )
    patient = None
    if coverage.relationship != SELF_RELATIONSHIP:
        person = claim.patient
        patient = rcm_x12.Patient(
            person.last_name,
            person.first_name,
            coverage.relationship,
            person.birth_date,
            person.sex,
            _address(person.address),
            person.middle_name,
        )
    billing = claim.billing_provider
    rendering = claim.rendering_provider
    return rcm_x12.Claim(
        claim_id=claim.claim_id,
        billing_provider=rcm_x12.BillingProvider(
            billing.name, billing.npi, billing.tax_id, _address(billing.address), billing.taxonomy_code
        ),
        subscriber=subscriber,
        payer=rcm_x12.Payer(coverage.payer_name, coverage.payer_id),
        place_of_service=claim.place_of_service,
        diagnosis_codes=claim.diagnoses,
        lines=tuple(_line(line, claim) for line in claim.lines),
        frequency_code=claim.frequency_code,
        patient=patient,
        rendering_provider=rcm_x12.RenderingProvider(
            rendering.last_name, rendering.first_name, rendering.npi, rendering.taxonomy_code
        ),
        prior_authorization=claim.prior_authorization_number,
        original_claim_number=claim.payer_claim_control_number,
        referring_provider=_clinician(claim.referring_provider),
        service_facility=_service_facility(claim),
        supervising_provider=_clinician(claim.supervising_provider),
        # REF*X4 only on a claim that bills a lab test: elsewhere it means nothing to the payer.
        clia_number=claim.clia_number
        if any(requires_clia(line.procedure_code) for line in claim.lines)
        else "",
        attachments=tuple(
            rcm_x12.Attachment(item.report_type, item.transmission_code, item.control_number)
            for item in claim.attachments
        ),
        delay_reason_code=claim.delay_reason_code,
        related_causes=_related_causes(claim),
        onset_date=claim.onset_date,
        # AMT*F5 of zero tells the payer nothing: sent only when the patient paid something.
        patient_paid=claim.patient_paid if claim.patient_paid else None,
        other_payers=_other_payers(claim, payer_lookup),
    )


def _filing_indicator(payer_id: str, on: date, payer_lookup: PayerLookup) -> str:
    found = payer_lookup(payer_id, on)
    return _FILING_INDICATOR[found.payer_type] if found else "CI"


def _other_payer(
    coverage: Coverage, claim: ProfessionalClaim, payer_lookup: PayerLookup
) -> rcm_x12.OtherPayer:
    """2320/2330A/2330B of another coverage of the visit. A further coverage arrives without its subscriber's
    demographics (the patient is taken as the subscriber: relationship 18)."""
    insured = coverage.subscriber if coverage.relationship != SELF_RELATIONSHIP else claim.patient
    insured = insured or claim.patient
    return rcm_x12.OtherPayer(
        responsibility=_RESPONSIBILITY[coverage.order],
        payer_name=coverage.payer_name,
        payer_id=coverage.payer_id,
        subscriber_last_name=insured.last_name,
        subscriber_first_name=insured.first_name,
        member_id=coverage.member_id,
        relationship=coverage.relationship,
        group_number=coverage.group_number,
        claim_filing_indicator=_filing_indicator(
            coverage.payer_id, claim.first_date_of_service, payer_lookup
        ),
    )


def _adjustments(adjustments: tuple[PriorAdjustment, ...]) -> tuple[rcm_x12.Adjustment, ...]:
    return tuple(rcm_x12.Adjustment(a.group_code, a.carc, a.amount) for a in adjustments if a.amount)


def _other_payers(claim: ProfessionalClaim, payer_lookup: PayerLookup) -> tuple[rcm_x12.OtherPayer, ...]:
    """The payers before this claim's, with what each decided (a secondary claim), then those after it."""
    before = []
    for prior in claim.prior_adjudications:
        if prior.coverage is None:
            continue
        listed = _other_payer(prior.coverage, claim, payer_lookup)
        before.append(
            replace(
                listed,
                paid=prior.paid,
                claim_adjustments=_adjustments(prior.claim_adjustments),
                remaining_patient_liability=prior.patient_responsibility,
                adjudication_date=prior.adjudicated_on,
            )
        )
    after = [_other_payer(coverage, claim, payer_lookup) for coverage in claim.other_coverages]
    return (*before, *after)


def _line_adjudications(claim: ProfessionalClaim, line: ServiceLine) -> tuple[rcm_x12.LineAdjudication, ...]:
    found = []
    for prior in claim.prior_adjudications:
        decided = prior.line(line.line_number)
        if decided is None or prior.coverage is None:
            continue
        found.append(
            rcm_x12.LineAdjudication(
                payer_id=prior.coverage.payer_id,
                paid=decided.paid,
                procedure_code=decided.procedure_code,
                units=Decimal(max(decided.units, 1)),
                adjudication_date=prior.adjudicated_on,
                modifiers=decided.modifiers,
                adjustments=_adjustments(decided.adjustments),
            )
        )
    return tuple(found)


def _line(line: ServiceLine, claim: ProfessionalClaim) -> rcm_x12.ServiceLine:
    return rcm_x12.ServiceLine(
        procedure_code=line.procedure_code,
        charge=line.charge,
        units=Decimal(line.units),
        service_date=line.date_of_service,
        diagnosis_pointers=line.diagnosis_pointers,
        modifiers=line.modifiers,
        line_control_number=line.line_control_number,
        drug=_drug(line.drug),
        rendering_provider=_clinician(line.rendering_provider),
        supervising_provider=_clinician(line.supervising_provider),
        ordering_provider=_clinician(line.ordering_provider),
        referring_provider=_clinician(line.referring_provider),
        adjudications=_line_adjudications(claim, line),
    )


def _drug(drug: LineDrug | None) -> rcm_x12.DrugIdentification | None:
    return None if drug is None else rcm_x12.DrugIdentification(drug.ndc, drug.quantity, drug.unit)


def _clinician(clinician: NamedClinician | None) -> rcm_x12.NamedProvider | None:
    if clinician is None:
        return None
    return rcm_x12.NamedProvider(clinician.last_name, clinician.npi, clinician.first_name)


def _service_facility(claim: ProfessionalClaim) -> rcm_x12.ServiceFacility | None:
    # 2310C only when the site is not the billing address: the guide says not to repeat that address.
    site = claim.service_facility
    if site is None or site.address == claim.billing_provider.address:
        return None
    return rcm_x12.ServiceFacility(site.name, _address(site.address), site.npi)


def _related_causes(claim: ProfessionalClaim) -> rcm_x12.RelatedCauses | None:
    causes = claim.related_causes
    if causes is None:
        return None
    return rcm_x12.RelatedCauses(causes.codes, causes.accident_state, causes.accident_date)


def write_claims_837p(
    claims: list[ProfessionalClaim],
    transmission: rcm_x12.ClaimTransmission,
    controls: rcm_x12.ControlNumbers,
    payer_lookup: PayerLookup = payer,
) -> str:
    """One 837P interchange for these claims; the caller batches per payer and persists control numbers."""
    x12_claims = [to_x12_claim(claim, payer_lookup) for claim in claims]
    return str(rcm_x12.write_837p(transmission, x12_claims, controls))
