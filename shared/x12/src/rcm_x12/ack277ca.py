"""277CA claim acknowledgment (005010X214): per-claim accepted/rejected status, writer and reader.

Our claim id (837 CLM01) travels in the 2200D TRN02; the payer's claim control number, when assigned, in
REF*1K. Accepted claims use categories A1/A2 (action WQ), rejected ones A3/A7 (action U).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from rcm_x12.envelope import (
    ControlNumbers,
    EnvelopeParties,
    build_interchange,
    split_transactions,
    wrap_transaction,
)
from rcm_x12.errors import X12ParseError
from rcm_x12.segments import (
    DEFAULT_SEPARATORS,
    Segment,
    Separators,
    composite,
    element_at,
    format_amount,
    format_date,
    parse_amount,
    parse_date,
    parse_date_period,
    serialize,
)

IMPLEMENTATION_277CA = "005010X214"
ACCEPTED_CATEGORIES = frozenset({"A1", "A2"})


@dataclass(frozen=True)
class ClaimStatus:
    """One 2000D/2200D patient claim status."""

    claim_id: str  # TRN02 = 837 CLM01
    category: str  # STC01-1: A1 received, A2 accepted, A3 rejected (returned), A7 rejected (invalid)
    status_code: str  # STC01-2, e.g. 19 entity acknowledges, 20 accepted for processing, 21 missing/invalid
    total_charge: Decimal  # STC04
    service_date: date  # DTP*472 (start of the range)
    billing_provider_name: str
    billing_provider_npi: str
    patient_last_name: str
    patient_first_name: str
    member_id: str
    entity_code: str = ""  # STC01-3, which entity the status is about (e.g. 85 billing provider)
    payer_claim_number: str = ""  # REF*1K

    @property
    def accepted(self) -> bool:
        return self.category in ACCEPTED_CATEGORIES


@dataclass(frozen=True)
class ClaimAcknowledgment:
    """One 277CA transaction: who acknowledges (2000A), to whom (2000B) and the per-claim statuses."""

    source_name: str  # clearinghouse or payer (NM1*PR)
    source_id: str
    receiver_name: str  # the submitter of the 837 (NM1*41)
    receiver_id: str
    reference_id: str  # BHT03 and 2200A/B trace
    received_date: date  # DTP*050
    processed_date: date  # DTP*009, also used as status date (STC02)
    claims: tuple[ClaimStatus, ...]


def _stc(claim: ClaimStatus, when: date, separators: Separators) -> Segment:
    code = composite([claim.category, claim.status_code, claim.entity_code], separators)
    return [
        "STC",
        code,
        format_date(when),
        "WQ" if claim.accepted else "U",
        format_amount(claim.total_charge),
    ]


def build_277ca_body(
    ack: ClaimAcknowledgment, created: datetime, separators: Separators = DEFAULT_SEPARATORS
) -> list[Segment]:
    processed = format_date(ack.processed_date)
    accepted = [c for c in ack.claims if c.accepted]
    rejected = [c for c in ack.claims if not c.accepted]
    body: list[Segment] = [
        ["BHT", "0085", "08", ack.reference_id, created.strftime("%Y%m%d"), created.strftime("%H%M"), "TH"],
        ["HL", "1", "", "20", "1"],
        ["NM1", "PR", "2", ack.source_name, "", "", "", "", "PI", ack.source_id],
        ["TRN", "1", ack.reference_id],
        ["DTP", "050", "D8", format_date(ack.received_date)],
        ["DTP", "009", "D8", processed],
        ["HL", "2", "1", "21", "1"],
        ["NM1", "41", "2", ack.receiver_name, "", "", "", "", "46", ack.receiver_id],
        ["TRN", "2", ack.reference_id],
        [
            "STC",
            composite(["A1", "19", "PR"], separators),
            processed,
            "WQ",
            format_amount(sum((c.total_charge for c in ack.claims), Decimal("0"))),
        ],
    ]
    if accepted:
        body.append(["QTY", "90", str(len(accepted))])
    if rejected:
        body.append(["QTY", "AA", str(len(rejected))])
    if accepted:
        body.append(["AMT", "YU", format_amount(sum((c.total_charge for c in accepted), Decimal("0")))])
    if rejected:
        body.append(["AMT", "YY", format_amount(sum((c.total_charge for c in rejected), Decimal("0")))])
    providers: dict[tuple[str, str], list[ClaimStatus]] = {}
    for claim in ack.claims:
        providers.setdefault((claim.billing_provider_name, claim.billing_provider_npi), []).append(claim)
    hl = 2
    for (name, npi), claims in providers.items():
        hl += 1
        provider_hl = hl
        body += [
            ["HL", str(provider_hl), "2", "19", "1"],
            ["NM1", "85", "2", name, "", "", "", "", "XX", npi],
            ["TRN", "1", f"{ack.reference_id}-{provider_hl}"],
            # STC02 (date) is "not used" at the billing provider level in X214.
            [
                "STC",
                composite(["A1", "19", "85"], separators),
                "",
                "WQ",
                format_amount(sum((c.total_charge for c in claims), Decimal("0"))),
            ],
        ]
        for claim in claims:
            hl += 1
            body += [
                ["HL", str(hl), str(provider_hl), "PT"],
                [
                    "NM1",
                    "QC",
                    "1",
                    claim.patient_last_name,
                    claim.patient_first_name,
                    "",
                    "",
                    "",
                    "MI",
                    claim.member_id,
                ],
                ["TRN", "2", claim.claim_id],
                _stc(claim, ack.processed_date, separators),
            ]
            if claim.payer_claim_number:
                body.append(["REF", "1K", claim.payer_claim_number])
            service = format_date(claim.service_date)
            body.append(["DTP", "472", "RD8", f"{service}-{service}"])
    return body


def write_277ca(
    acks: Sequence[ClaimAcknowledgment],
    parties: EnvelopeParties,
    controls: ControlNumbers,
    created: datetime,
    separators: Separators = DEFAULT_SEPARATORS,
) -> str:
    """One ST*277 per acknowledgment, numbered from controls.transaction_set upward."""
    transactions = [
        wrap_transaction(
            "277",
            controls.transaction_set + i,
            IMPLEMENTATION_277CA,
            build_277ca_body(ack, created, separators),
        )
        for i, ack in enumerate(acks)
    ]
    segments = build_interchange(
        parties, controls, "HN", IMPLEMENTATION_277CA, created, transactions, separators
    )
    return serialize(segments, separators)


def _flush(pending: dict[str, object] | None, claims: list[ClaimStatus]) -> None:
    if pending is not None:
        claims.append(ClaimStatus(**pending))  # type: ignore[arg-type]


def read_277ca(text: str) -> list[ClaimAcknowledgment]:
    separators, pieces = split_transactions(text, expected_id="277")
    acks: list[ClaimAcknowledgment] = []
    for piece in pieces:
        header: dict[str, object] = {}
        level = ""
        provider = ("", "")
        patient: Segment = []
        claims: list[ClaimStatus] = []
        pending: dict[str, object] | None = None

        for offset, seg in enumerate(piece.segments):
            pos, tag = piece.first_position + offset, seg[0]
            if tag == "HL":
                _flush(pending, claims)
                pending, level = None, element_at(seg, 3)
            elif tag == "BHT":
                header["reference_id"] = element_at(seg, 3)
            elif tag == "NM1" and level == "20":
                header.update(source_name=element_at(seg, 3), source_id=element_at(seg, 9))
            elif tag == "NM1" and level == "21":
                header.update(receiver_name=element_at(seg, 3), receiver_id=element_at(seg, 9))
            elif tag == "NM1" and level == "19":
                provider = (element_at(seg, 3), element_at(seg, 9))
            elif tag == "NM1" and level == "PT":
                patient = seg
            elif tag == "DTP" and level == "20" and element_at(seg, 1) in ("050", "009"):
                header["received_date" if seg[1] == "050" else "processed_date"] = parse_date(seg, 3, pos)
            elif tag == "TRN" and level == "PT":
                _flush(pending, claims)
                pending = {
                    "claim_id": element_at(seg, 2),
                    "billing_provider_name": provider[0],
                    "billing_provider_npi": provider[1],
                    "patient_last_name": element_at(patient, 3),
                    "patient_first_name": element_at(patient, 4),
                    "member_id": element_at(patient, 9),
                }
            elif pending is not None and tag == "STC" and "category" not in pending:
                parts = element_at(seg, 1).split(separators.component)
                if len(parts) < 2:
                    raise X12ParseError("STC01 needs category and status code", "STC", pos, 1)
                pending.update(
                    category=parts[0],
                    status_code=parts[1],
                    entity_code=parts[2] if len(parts) > 2 else "",
                    total_charge=parse_amount(seg, 4, pos),
                )
            elif pending is not None and tag == "REF" and element_at(seg, 1) == "1K":
                pending["payer_claim_number"] = element_at(seg, 2)
            elif pending is not None and tag == "DTP" and element_at(seg, 1) == "472":
                pending["service_date"] = parse_date_period(seg, 3, pos)
        _flush(pending, claims)
        missing = {"reference_id", "source_name", "receiver_name", "received_date", "processed_date"} - set(
            header
        )
        if missing:
            raise X12ParseError(f"277CA header incomplete: {sorted(missing)}", "ST", piece.first_position)
        acks.append(ClaimAcknowledgment(claims=tuple(claims), **header))  # type: ignore[arg-type]
    return acks
