"""Translator from our claim to rcm_x12's 837P model; the only module that knows both shapes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import rcm_x12
from rcm_codesets import Payer, PayerType, payer

from rcm_claims.domain.claim import SELF_RELATIONSHIP, Address, ProfessionalClaim

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
    found = payer_lookup(coverage.payer_id, claim.first_date_of_service)
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
        claim_filing_indicator=_FILING_INDICATOR[found.payer_type] if found else "CI",
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
            billing.name, billing.npi, billing.tax_id, _address(billing.address)
        ),
        subscriber=subscriber,
        payer=rcm_x12.Payer(coverage.payer_name, coverage.payer_id),
        place_of_service=claim.place_of_service,
        diagnosis_codes=claim.diagnoses,
        lines=tuple(
            rcm_x12.ServiceLine(
                procedure_code=line.procedure_code,
                charge=line.charge,
                units=Decimal(line.units),
                service_date=line.date_of_service,
                diagnosis_pointers=line.diagnosis_pointers,
                modifiers=line.modifiers,
                line_control_number=line.line_control_number,
            )
            for line in claim.lines
        ),
        frequency_code=claim.frequency_code,
        patient=patient,
        rendering_provider=rcm_x12.RenderingProvider(
            rendering.last_name, rendering.first_name, rendering.npi
        ),
        prior_authorization=claim.prior_authorization_number,
        original_claim_number=claim.payer_claim_control_number,
    )


def write_claims_837p(
    claims: list[ProfessionalClaim],
    transmission: rcm_x12.ClaimTransmission,
    controls: rcm_x12.ControlNumbers,
    payer_lookup: PayerLookup = payer,
) -> str:
    """One 837P interchange for these claims; the caller batches per payer and persists control numbers."""
    x12_claims = [to_x12_claim(claim, payer_lookup) for claim in claims]
    return str(rcm_x12.write_837p(transmission, x12_claims, controls))
