"""276 claim status request (005010X212): writer and reader.

Our claim id (837 CLM01) is both the submitter trace number (2200D TRN02, echoed in the 277's TRN02) and the
patient control number (REF*EJ); the payer's claim number (REF*1K) goes along when we know it. One inquiry per
claim; inquiries are grouped under their billing provider (2000C) and subscriber (2000D).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol, TypeVar

from rcm_x12.envelope import (
    ControlNumbers,
    EnvelopeParties,
    build_interchange,
    split_transactions,
    wrap_transaction,
)
from rcm_x12.errors import X12BuildError, X12ParseError
from rcm_x12.segments import (
    DEFAULT_SEPARATORS,
    Segment,
    Separators,
    element_at,
    format_amount,
    format_date,
    parse_amount,
    parse_date,
    serialize,
)

IMPLEMENTATION_X212 = "005010X212"


@dataclass(frozen=True)
class ClaimInquiry:
    """One 2000D/2200D: the claim we ask about, as the payer received it."""

    claim_id: str  # TRN02 and REF*EJ = 837 CLM01
    total_charge: Decimal  # AMT*T3
    service_from: date  # DTP*472
    service_to: date
    provider_name: str  # 2100C NM1*1P
    provider_npi: str
    subscriber_last_name: str  # 2100D NM1*IL
    subscriber_first_name: str
    member_id: str
    payer_claim_number: str = ""  # REF*1K, when the payer assigned one


@dataclass(frozen=True)
class ClaimStatusRequest:
    """One 276 transaction: to which payer (2000A), from whom (2000B), and the claims asked about."""

    reference_id: str  # BHT03
    payer_name: str
    payer_id: str
    receiver_name: str  # the information receiver: us, the billing service (NM1*41)
    receiver_id: str
    inquiries: tuple[ClaimInquiry, ...]


def service_period(start: date, end: date) -> str:
    return f"{format_date(start)}-{format_date(end)}"


def parse_service_period(segment: Segment, position: int) -> tuple[date, date]:
    """DTP*472 as D8 (one day) or RD8 (a range)."""
    qualifier, raw = element_at(segment, 2), element_at(segment, 3)
    pieces = raw.split("-") if qualifier == "RD8" else [raw, raw]
    if len(pieces) != 2:
        raise X12ParseError("RD8 date range expected (CCYYMMDD-CCYYMMDD)", "DTP", position, 3)
    start = parse_date(["DTP", pieces[0]], 1, position)
    end = parse_date(["DTP", pieces[1]], 1, position)
    return start, end


class HasProvider(Protocol):
    @property
    def provider_name(self) -> str: ...
    @property
    def provider_npi(self) -> str: ...


ByProvider = TypeVar("ByProvider", bound=HasProvider)


def grouped_by_provider(items: Sequence[ByProvider]) -> dict[tuple[str, str], list[ByProvider]]:
    """Items under their billing provider (2000C), in first-seen order."""
    providers: dict[tuple[str, str], list[ByProvider]] = {}
    for item in items:
        providers.setdefault((item.provider_name, item.provider_npi), []).append(item)
    return providers


def build_276_body(request: ClaimStatusRequest, created: datetime) -> list[Segment]:
    if not request.inquiries:
        raise X12BuildError("a 276 needs at least one claim inquiry")
    body: list[Segment] = [
        ["BHT", "0010", "13", request.reference_id, format_date(created), created.strftime("%H%M")],
        ["HL", "1", "", "20", "1"],
        ["NM1", "PR", "2", request.payer_name, "", "", "", "", "PI", request.payer_id],
        ["HL", "2", "1", "21", "1"],
        ["NM1", "41", "2", request.receiver_name, "", "", "", "", "46", request.receiver_id],
    ]
    hl = 2
    for (name, npi), inquiries in grouped_by_provider(request.inquiries).items():
        hl += 1
        provider_hl = hl
        body += [["HL", str(hl), "2", "19", "1"], ["NM1", "1P", "2", name, "", "", "", "", "XX", npi]]
        for inquiry in inquiries:
            hl += 1
            body += [
                ["HL", str(hl), str(provider_hl), "22", "0"],
                [
                    "NM1",
                    "IL",
                    "1",
                    inquiry.subscriber_last_name,
                    inquiry.subscriber_first_name,
                    "",
                    "",
                    "",
                    "MI",
                    inquiry.member_id,
                ],
                ["TRN", "1", inquiry.claim_id],
            ]
            if inquiry.payer_claim_number:
                body.append(["REF", "1K", inquiry.payer_claim_number])
            body += [
                ["REF", "EJ", inquiry.claim_id],
                ["AMT", "T3", format_amount(inquiry.total_charge)],
                ["DTP", "472", "RD8", service_period(inquiry.service_from, inquiry.service_to)],
            ]
    return body


def write_276(
    requests: Sequence[ClaimStatusRequest],
    parties: EnvelopeParties,
    controls: ControlNumbers,
    created: datetime,
    separators: Separators = DEFAULT_SEPARATORS,
) -> str:
    """One ST*276 per request (one per payer), numbered from controls.transaction_set upward."""
    transactions = [
        wrap_transaction("276", controls.transaction_set + i, IMPLEMENTATION_X212, build_276_body(r, created))
        for i, r in enumerate(requests)
    ]
    segments = build_interchange(
        parties, controls, "HR", IMPLEMENTATION_X212, created, transactions, separators
    )
    return serialize(segments, separators)


def claim_fields(pending: dict[str, object], required: set[str], what: str) -> dict[str, object]:
    """The fields gathered for one claim (from its TRN on), checked; "at" is the TRN's position."""
    at = int(str(pending.pop("at")))
    missing = required - set(pending)
    if missing:
        raise X12ParseError(f"{what} {pending['claim_id']} lacks {sorted(missing)}", "TRN", at)
    return pending


def _flush(pending: dict[str, object] | None, inquiries: list[ClaimInquiry]) -> None:
    if pending is not None:
        fields = claim_fields(pending, {"total_charge", "service_from"}, "claim inquiry")
        inquiries.append(ClaimInquiry(**fields))  # type: ignore[arg-type]


def read_276(text: str) -> list[ClaimStatusRequest]:
    _separators, pieces = split_transactions(text, expected_id="276")
    requests: list[ClaimStatusRequest] = []
    for piece in pieces:
        header: dict[str, str] = {}
        level = ""
        provider = ("", "")
        subscriber: Segment = []
        inquiries: list[ClaimInquiry] = []
        pending: dict[str, object] | None = None

        for offset, seg in enumerate(piece.segments):
            pos, tag = piece.first_position + offset, seg[0]
            if tag == "HL":
                _flush(pending, inquiries)
                pending, level = None, element_at(seg, 3)
            elif tag == "BHT":
                header["reference_id"] = element_at(seg, 3)
            elif tag == "NM1" and level == "20":
                header.update(payer_name=element_at(seg, 3), payer_id=element_at(seg, 9))
            elif tag == "NM1" and level == "21":
                header.update(receiver_name=element_at(seg, 3), receiver_id=element_at(seg, 9))
            elif tag == "NM1" and level == "19":
                provider = (element_at(seg, 3), element_at(seg, 9))
            elif tag == "NM1" and level == "22":
                subscriber = seg
            elif tag == "TRN" and level == "22":
                _flush(pending, inquiries)
                pending = {
                    "at": pos,
                    "claim_id": element_at(seg, 2),
                    "provider_name": provider[0],
                    "provider_npi": provider[1],
                    "subscriber_last_name": element_at(subscriber, 3),
                    "subscriber_first_name": element_at(subscriber, 4),
                    "member_id": element_at(subscriber, 9),
                }
            elif pending is not None and tag == "REF" and element_at(seg, 1) == "1K":
                pending["payer_claim_number"] = element_at(seg, 2)
            elif pending is not None and tag == "AMT" and element_at(seg, 1) == "T3":
                pending["total_charge"] = parse_amount(seg, 2, pos)
            elif pending is not None and tag == "DTP" and element_at(seg, 1) == "472":
                pending["service_from"], pending["service_to"] = parse_service_period(seg, pos)
        _flush(pending, inquiries)
        missing = {"reference_id", "payer_name", "receiver_name"} - set(header)
        if missing:
            raise X12ParseError(f"276 header incomplete: {sorted(missing)}", "ST", piece.first_position)
        requests.append(ClaimStatusRequest(inquiries=tuple(inquiries), **header))
    return requests
