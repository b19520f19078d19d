"""837P (005010X222A1) writer: claims in, X12 text out; one ST per file, grouped by billing provider."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rcm_x12.claim837 import Address, BillingProvider, Claim, ClaimTransmission, Patient, Subscriber
from rcm_x12.envelope import ControlNumbers, build_interchange, wrap_transaction
from rcm_x12.errors import X12BuildError
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


def _address(address: Address) -> list[Segment]:
    n3 = ["N3", address.line1, address.line2]
    return [n3, ["N4", address.city, address.state, address.postal_code]]


def _validate(claim: Claim) -> None:
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


def _billing_provider(provider: BillingProvider) -> list[Segment]:
    return [
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
    place = composite([claim.place_of_service, "B", claim.frequency_code], separators)
    segments: list[Segment] = [
        ["CLM", claim.claim_id, format_amount(claim.total_charge), "", "", place, "Y", "A", "Y", "Y"]
    ]
    # 2300 REF order in the guide: G1 (prior authorization) precedes F8 (payer claim control number).
    if claim.prior_authorization:
        segments.append(["REF", "G1", claim.prior_authorization])
    if claim.frequency_code in ("7", "8"):
        segments.append(["REF", "F8", claim.original_claim_number])
    codes = [code.replace(".", "").upper() for code in claim.diagnosis_codes]
    hi = ["HI", composite(["ABK", codes[0]], separators)]
    hi.extend(composite(["ABF", code], separators) for code in codes[1:])
    segments.append(hi)
    rendering = claim.rendering_provider
    if rendering is not None and rendering.npi != claim.billing_provider.npi:
        segments.append(
            ["NM1", "82", "1", rendering.last_name, rendering.first_name, "", "", "", "XX", rendering.npi]
        )
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
