"""837P (005010X222A1) writer: claims in, X12 text out; one ST per file, grouped by billing provider."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from rcm_x12.claim837 import Address, BillingProvider, Claim, ClaimTransmission, Patient, Subscriber
from rcm_x12.cob837p import line_adjudication_loops, other_payer_loops, refuse_bad_coordination
from rcm_x12.envelope import ControlNumbers, build_interchange, wrap_transaction
from rcm_x12.errors import X12BuildError
from rcm_x12.loops837p import claim_dates_and_amounts, claim_information, claim_providers, line_details
from rcm_x12.refusals837p import refuse_bad_details
from rcm_x12.segments import (
    DEFAULT_SEPARATORS,
    Segment,
    Separators,
    composite,
    format_amount,
    format_date,
    format_quantity,
    serialize,
)

IMPLEMENTATION_837P = "005010X222A1"
MAX_DIAGNOSES = 12
MAX_LINES = 50
# The guide requires the billing provider's N403 as ZIP+4: payers reject a 5-digit ZIP in loop 2010AA.
_ZIP_PLUS_4 = re.compile(r"[0-9]{9}")
# NUCC provider taxonomy: 10 characters, the last one always X (e.g. 207Q00000X).
_TAXONOMY = re.compile(r"[0-9A-Z]{9}X")


def _address(address: Address) -> list[Segment]:
    n3 = ["N3", address.line1, address.line2]
    return [n3, ["N4", address.city, address.state, address.postal_code]]


def _check_taxonomy(claim: Claim, whose: str, taxonomy_code: str) -> None:
    if taxonomy_code and not _TAXONOMY.fullmatch(taxonomy_code):
        raise X12BuildError(f"claim {claim.claim_id}: {whose} PRV03 is not a provider taxonomy code")


def _validate_providers(claim: Claim) -> None:
    # Messages name the element, never its value (X12BuildError's contract).
    billing = claim.billing_provider
    if not _ZIP_PLUS_4.fullmatch(billing.address.postal_code):
        raise X12BuildError(f"claim {claim.claim_id}: billing provider N403 must be a 9-digit ZIP+4")
    _check_taxonomy(claim, "billing provider", billing.taxonomy_code)
    if claim.rendering_provider is not None:
        _check_taxonomy(claim, "rendering provider", claim.rendering_provider.taxonomy_code)


def _validate(claim: Claim) -> None:
    _validate_providers(claim)
    if not claim.lines or len(claim.lines) > MAX_LINES:
        raise X12BuildError(f"claim {claim.claim_id}: needs 1..{MAX_LINES} service lines")
    if not claim.diagnosis_codes or len(claim.diagnosis_codes) > MAX_DIAGNOSES:
        raise X12BuildError(f"claim {claim.claim_id}: needs 1..{MAX_DIAGNOSES} diagnosis codes")
    if claim.frequency_code not in ("1", "7", "8"):
        raise X12BuildError(f"claim {claim.claim_id}: frequency code must be 1, 7 or 8")
    if claim.frequency_code in ("7", "8") and not claim.original_claim_number:
        raise X12BuildError(
            f"claim {claim.claim_id}: replacement/void needs the payer's original claim number"
        )
    for line in claim.lines:
        if line.charge <= 0:
            # A $0 line is an unpriced code, not a free service: the payer would pay nothing for it.
            raise X12BuildError(f"claim {claim.claim_id}: SV102 (line charge) must be greater than 0")
        if len(line.modifiers) > 4:
            raise X12BuildError(f"claim {claim.claim_id}: at most 4 modifiers per line")
        if (
            not line.diagnosis_pointers
            or len(line.diagnosis_pointers) > 4
            or any(not 1 <= pointer <= len(claim.diagnosis_codes) for pointer in line.diagnosis_pointers)
        ):
            raise X12BuildError(
                f"claim {claim.claim_id}: diagnosis pointers must reference HI entries (max 4)"
            )
    refuse_bad_details(claim)
    refuse_bad_coordination(claim)


def _billing_provider(provider: BillingProvider) -> list[Segment]:
    """Loop 2000A's PRV (after its HL) and loop 2010AA."""
    specialty: list[Segment] = (
        [["PRV", "BI", "PXC", provider.taxonomy_code]] if provider.taxonomy_code else []
    )
    return [
        *specialty,
        ["NM1", "85", "2", provider.name, "", "", "", "", "XX", provider.npi],
        *_address(provider.address),
        ["REF", "EI", provider.tax_id],
    ]


def _subscriber(claim: Claim) -> list[Segment]:
    member: Subscriber = claim.subscriber
    relationship = "18" if claim.patient is None else ""
    sbr = [
        "SBR",
        member.payer_responsibility,
        relationship,
        member.group_number,
        "",
        "",
        "",
        "",
        "",
        member.claim_filing_indicator,
    ]
    nm1 = [
        "NM1",
        "IL",
        "1",
        member.last_name,
        member.first_name,
        member.middle_name,
        "",
        "",
        "MI",
        member.member_id,
    ]
    segments: list[Segment] = [
        sbr,
        nm1,
        *_address(member.address),
        ["DMG", "D8", format_date(member.birth_date), member.gender],
    ]
    payer = claim.payer
    segments.append(["NM1", "PR", "2", payer.name, "", "", "", "", "PI", payer.payer_id])
    if payer.address is not None:
        segments.extend(_address(payer.address))
    return segments


def _patient(patient: Patient) -> list[Segment]:
    return [
        ["PAT", patient.relationship],
        ["NM1", "QC", "1", patient.last_name, patient.first_name, patient.middle_name],
        *_address(patient.address),
        ["DMG", "D8", format_date(patient.birth_date), patient.gender],
    ]


def _claim(claim: Claim, separators: Separators) -> list[Segment]:
    segments: list[Segment] = [claim_information(claim, separators), *claim_dates_and_amounts(claim)]
    # 2300 REF order in the guide: G1 (prior authorization), F8 (payer claim control number), X4 (CLIA).
    if claim.prior_authorization:
        segments.append(["REF", "G1", claim.prior_authorization])
    if claim.frequency_code in ("7", "8"):
        segments.append(["REF", "F8", claim.original_claim_number])
    if claim.clia_number:
        segments.append(["REF", "X4", claim.clia_number])
    codes = [code.replace(".", "").upper() for code in claim.diagnosis_codes]
    hi = ["HI", composite(["ABK", codes[0]], separators)]
    hi.extend(composite(["ABF", code], separators) for code in codes[1:])
    segments.append(hi)
    segments.extend(claim_providers(claim))
    segments.extend(other_payer_loops(claim))
    for number, line in enumerate(claim.lines, start=1):
        procedure = composite(["HC", line.procedure_code, *line.modifiers], separators)
        pointers = composite([str(pointer) for pointer in line.diagnosis_pointers], separators)
        segments.append(["LX", str(number)])
        segments.append(
            [
                "SV1",
                procedure,
                format_amount(line.charge),
                "UN",
                format_quantity(line.units),
                "",
                "",
                pointers,
            ]
        )
        segments.append(["DTP", "472", "D8", format_date(line.service_date)])
        if line.line_control_number:
            segments.append(["REF", "6R", line.line_control_number])
        segments.extend(line_details(claim, line))
        segments.extend(line_adjudication_loops(line, separators))
    return segments


def build_837p_body(
    transmission: ClaimTransmission,
    claims: Sequence[Claim],
    controls: ControlNumbers,
    separators: Separators = DEFAULT_SEPARATORS,
) -> list[Segment]:
    """BHT through the last service line; HL 20 per billing provider, HL 22 (+ HL 23) per claim."""
    if not claims:
        raise X12BuildError("an 837P needs at least one claim")
    created = transmission.created
    submitter, receiver = transmission.submitter, transmission.receiver
    body: list[Segment] = [
        [
            "BHT",
            "0019",
            "00",
            transmission.reference_id or str(controls.transaction_set),
            created.strftime("%Y%m%d"),
            created.strftime("%H%M"),
            "CH",
        ],
        ["NM1", "41", "2", submitter.name, "", "", "", "", "46", submitter.identifier],
        ["PER", "IC", submitter.contact_name, "TE", submitter.contact_phone],
        ["NM1", "40", "2", receiver.name, "", "", "", "", "46", receiver.identifier],
    ]
    by_provider: dict[BillingProvider, list[Claim]] = {}
    for claim in claims:
        _validate(claim)
        by_provider.setdefault(claim.billing_provider, []).append(claim)
    hl = 0
    for provider, provider_claims in by_provider.items():
        hl += 1
        provider_hl = hl
        body.append(["HL", str(provider_hl), "", "20", "1"])
        body.extend(_billing_provider(provider))
        for claim in provider_claims:
            hl += 1
            subscriber_hl = hl
            body.append(
                ["HL", str(subscriber_hl), str(provider_hl), "22", "0" if claim.patient is None else "1"]
            )
            body.extend(_subscriber(claim))
            if claim.patient is not None:
                hl += 1
                body.append(["HL", str(hl), str(subscriber_hl), "23", "0"])
                body.extend(_patient(claim.patient))
            body.extend(_claim(claim, separators))
    return body


def write_837p(
    transmission: ClaimTransmission,
    claims: Sequence[Claim],
    controls: ControlNumbers,
    separators: Separators = DEFAULT_SEPARATORS,
    line_breaks: bool = False,
) -> str:
    """One interchange / one group / one 837P transaction set holding all the given claims."""
    body = build_837p_body(transmission, claims, controls, separators)
    transaction = wrap_transaction("837", controls.transaction_set, IMPLEMENTATION_837P, body)
    segments = build_interchange(
        transmission.parties,
        controls,
        "HC",
        IMPLEMENTATION_837P,
        transmission.created,
        [transaction],
        separators,
    )
    return serialize(segments, separators, line_breaks)


def group_claims_by_payer(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    """Claims keyed by payer id, in first-seen order."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.payer.payer_id, []).append(claim)
    return groups


def write_837p_per_payer(
    transmission: ClaimTransmission,
    claims: Iterable[Claim],
    control_numbers: Iterator[ControlNumbers],
    separators: Separators = DEFAULT_SEPARATORS,
) -> dict[str, str]:
    """One 837P file per payer id; control_numbers yields a fresh (persisted) triple per file."""
    return {
        payer_id: write_837p(transmission, payer_claims, next(control_numbers), separators)
        for payer_id, payer_claims in group_claims_by_payer(claims).items()
    }
