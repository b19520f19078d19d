"""Segments of the payer-complete 837P parts, each in the place 005010X222A1 gives it:

2300  CLM, DTP*431, DTP*439, PWK (<= 10), AMT*F5, REF*G1, REF*F8, REF*X4, HI, then loops 2310A/B/C/D;
2400  LX, SV1, DTP*472, REF*6R, REF*X4, then loops 2410 (LIN, CTP, REF*XZ) and 2420A/D/E/F.
"""

from __future__ import annotations

from rcm_x12.claim837 import (
    Address,
    Attachment,
    Claim,
    DrugIdentification,
    NamedProvider,
    ServiceFacility,
    ServiceLine,
)
from rcm_x12.segments import Segment, Separators, composite, format_amount, format_date, format_quantity

_CLM11, _CLM20 = 11, 20


def claim_information(claim: Claim, separators: Separators) -> Segment:
    """CLM: CLM05 place/frequency, CLM11 related causes (state in CLM11-4), CLM20 delay reason."""
    place = composite([claim.place_of_service, "B", claim.frequency_code], separators)
    clm = ["CLM", claim.claim_id, format_amount(claim.total_charge), "", "", place, "Y", "A", "Y", "Y"]
    clm.extend([""] * (_CLM20 + 1 - len(clm)))
    causes = claim.related_causes
    if causes is not None:
        codes = [*causes.codes, "", ""][:2]
        clm[_CLM11] = composite([*codes, "", causes.accident_state], separators)
    clm[_CLM20] = claim.delay_reason_code
    return clm


def claim_dates_and_amounts(claim: Claim) -> list[Segment]:
    """2300 between CLM and the REFs: DTP*431, DTP*439, PWK..., AMT*F5."""
    segments: list[Segment] = []
    if claim.onset_date is not None:
        segments.append(["DTP", "431", "D8", format_date(claim.onset_date)])
    causes = claim.related_causes
    if causes is not None and causes.accident_date is not None:
        segments.append(["DTP", "439", "D8", format_date(causes.accident_date)])
    segments.extend(_attachment(attachment) for attachment in claim.attachments)
    if claim.patient_paid is not None:
        segments.append(["AMT", "F5", format_amount(claim.patient_paid)])
    return segments


def _attachment(attachment: Attachment) -> Segment:
    pwk = ["PWK", attachment.report_type, attachment.transmission_code]
    if attachment.control_number:
        pwk.extend(["", "", "AC", attachment.control_number])
    return pwk


def claim_providers(claim: Claim) -> list[Segment]:
    """Loops 2310A referring, 2310B rendering, 2310C service facility, 2310D supervising, in that order."""
    segments: list[Segment] = []
    if claim.referring_provider is not None:
        segments.append(_person("DN", claim.referring_provider))
    rendering = claim.rendering_provider
    if rendering is not None and rendering.npi != claim.billing_provider.npi:
        segments.append(
            ["NM1", "82", "1", rendering.last_name, rendering.first_name, "", "", "", "XX", rendering.npi]
        )
        if rendering.taxonomy_code:
            segments.append(["PRV", "PE", "PXC", rendering.taxonomy_code])
    facility = claim.service_facility
    # The guide wants 2310C only when the service was done somewhere other than the billing provider's
    # address (2010AA); repeating that address would only add a loop a payer must match against 2010AA.
    if facility is not None and facility.address != claim.billing_provider.address:
        segments.extend(_facility(facility))
    if claim.supervising_provider is not None:
        segments.append(_person("DQ", claim.supervising_provider))
    return segments


def _person(entity: str, provider: NamedProvider) -> Segment:
    """NM1 for a person provider (NM102 1) identified by NPI (NM108 XX)."""
    names = [provider.last_name, provider.first_name, provider.middle_name]
    return ["NM1", entity, "1", *names, "", "", "XX", provider.npi]


def _facility(facility: ServiceFacility) -> list[Segment]:
    identified = ["XX", facility.npi] if facility.npi else []
    return [["NM1", "77", "2", facility.name, "", "", "", "", *identified], *_address(facility.address)]


def _address(address: Address) -> list[Segment]:
    return [
        ["N3", address.line1, address.line2],
        ["N4", address.city, address.state, address.postal_code],
    ]


def line_details(claim: Claim, line: ServiceLine) -> list[Segment]:
    """What follows REF*6R in loop 2400: REF*X4, loop 2410, loops 2420A/D/E/F."""
    segments: list[Segment] = []
    if line.clia_number:
        segments.append(["REF", "X4", line.clia_number])
    if line.drug is not None:
        segments.extend(_drug(line.drug))
    segments.extend(_line_providers(claim, line))
    return segments


def _drug(drug: DrugIdentification) -> list[Segment]:
    segments: list[Segment] = [
        ["LIN", "", "N4", drug.ndc],
        ["CTP", "", "", "", format_quantity(drug.quantity), drug.unit],
    ]
    if drug.prescription_number:
        segments.append(["REF", "XZ", drug.prescription_number])
    return segments


def _line_providers(claim: Claim, line: ServiceLine) -> list[Segment]:
    """2420A/D/E/F, each only when it is not who the claim level already names (the payer applies the claim's
    providers to every line that does not name its own)."""
    segments: list[Segment] = []
    rendering = line.rendering_provider
    if rendering is not None and _differs_from_claim_rendering(claim, rendering):
        segments.append(_person("82", rendering))
        if rendering.taxonomy_code:
            segments.append(["PRV", "PE", "PXC", rendering.taxonomy_code])
    # There is no claim-level ordering loop, so a line's ordering provider is always its own.
    others = (
        ("DQ", line.supervising_provider, claim.supervising_provider),
        ("DK", line.ordering_provider, None),
        ("DN", line.referring_provider, claim.referring_provider),
    )
    for entity, line_provider, claim_provider in others:
        if line_provider is not None and (claim_provider is None or line_provider.npi != claim_provider.npi):
            segments.append(_person(entity, line_provider))
    return segments


def _differs_from_claim_rendering(claim: Claim, rendering: NamedProvider) -> bool:
    # Without a 2310B, the billing provider is the claim's rendering provider (2310B is dropped when equal).
    claim_rendering = claim.rendering_provider
    if claim_rendering is None or claim_rendering.npi == claim.billing_provider.npi:
        return rendering.npi != claim.billing_provider.npi
    return (rendering.npi, rendering.taxonomy_code) != (claim_rendering.npi, claim_rendering.taxonomy_code)
