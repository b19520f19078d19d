"""277 claim status response (005010X212): the payer's answer to a 276, writer and reader.

Each 2200D echoes the inquiry's trace (TRN02 = our claim id) and carries one STC: the status category (A/P/F/E,
see claim_status_codes), the status code, the status date, the charge and, once finalized, the paid amount and
the adjudication date. Not the 277CA (005010X214, ack277ca), which acknowledges an 837 instead of answering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from rcm_x12.claim_status276 import (
    IMPLEMENTATION_X212,
    claim_fields,
    grouped_by_provider,
    parse_service_period,
    service_period,
)
from rcm_x12.claim_status_codes import StatusGroup, status_group, status_label
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
    composite,
    element_at,
    format_amount,
    format_date,
    parse_amount,
    parse_date,
    serialize,
)


@dataclass(frozen=True)
class ClaimStatusAnswer:
    """One 2000D/2200D: the payer's status of one claim."""

    claim_id: str  # TRN02, the 276 trace = 837 CLM01
    category: str  # STC01-1, e.g. P1 pending in process, F1 finalized payment
    status_code: str  # STC01-2, e.g. 20 accepted for processing, 65 paid
    status_date: date  # STC02
    total_charge: Decimal  # STC04
    service_from: date  # DTP*472
    service_to: date
    provider_name: str
    provider_npi: str
    subscriber_last_name: str
    subscriber_first_name: str
    member_id: str
    paid_amount: Decimal | None = None  # STC05, finalized claims
    adjudication_date: date | None = None  # STC06, finalized claims
    payer_claim_number: str = ""  # REF*1K

    @property
    def group(self) -> StatusGroup:
        return status_group(self.category)

    @property
    def label(self) -> str:
        return status_label(self.category, self.status_code)


@dataclass(frozen=True)
class ClaimStatusResponse:
    """One 277 transaction: from which payer (2000A), to whom (2000B), the answers per claim."""

    reference_id: str  # BHT03
    payer_name: str
    payer_id: str
    receiver_name: str
    receiver_id: str
    answers: tuple[ClaimStatusAnswer, ...]


def _stc(answer: ClaimStatusAnswer, separators: Separators) -> Segment:
    finalized = answer.group is StatusGroup.FINALIZED
    if finalized and answer.paid_amount is None:
        raise X12BuildError(f"STC05 (paid amount) is required for finalized claim {answer.claim_id}")
    return [
        "STC",
        composite([answer.category, answer.status_code], separators),
        format_date(answer.status_date),
        "",
        format_amount(answer.total_charge),
        format_amount(answer.paid_amount) if answer.paid_amount is not None else "",
        format_date(answer.adjudication_date) if answer.adjudication_date else "",
    ]


def build_277_body(
    response: ClaimStatusResponse, created: datetime, separators: Separators = DEFAULT_SEPARATORS
) -> list[Segment]:
    if not response.answers:
        raise X12BuildError("a 277 needs at least one claim status")
    body: list[Segment] = [
        ["BHT", "0010", "08", response.reference_id, format_date(created), created.strftime("%H%M"), "DG"],
        ["HL", "1", "", "20", "1"],
        ["NM1", "PR", "2", response.payer_name, "", "", "", "", "PI", response.payer_id],
        ["HL", "2", "1", "21", "1"],
        ["NM1", "41", "2", response.receiver_name, "", "", "", "", "46", response.receiver_id],
    ]
    hl = 2
    for (name, npi), answers in grouped_by_provider(response.answers).items():
        hl += 1
        provider_hl = hl
        body += [["HL", str(hl), "2", "19", "1"], ["NM1", "1P", "2", name, "", "", "", "", "XX", npi]]
        for answer in answers:
            hl += 1
            body += [
                ["HL", str(hl), str(provider_hl), "22", "0"],
                [
                    "NM1",
                    "IL",
                    "1",
                    answer.subscriber_last_name,
                    answer.subscriber_first_name,
                    "",
                    "",
                    "",
                    "MI",
                    answer.member_id,
                ],
                ["TRN", "2", answer.claim_id],
                _stc(answer, separators),
            ]
            if answer.payer_claim_number:
                body.append(["REF", "1K", answer.payer_claim_number])
            body += [
                ["REF", "EJ", answer.claim_id],
                ["DTP", "472", "RD8", service_period(answer.service_from, answer.service_to)],
            ]
    return body


def write_277(
    responses: Sequence[ClaimStatusResponse],
    parties: EnvelopeParties,
    controls: ControlNumbers,
    created: datetime,
    separators: Separators = DEFAULT_SEPARATORS,
) -> str:
    """One ST*277 per response, numbered from controls.transaction_set upward."""
    transactions = [
        wrap_transaction(
            "277", controls.transaction_set + i, IMPLEMENTATION_X212, build_277_body(r, created, separators)
        )
        for i, r in enumerate(responses)
    ]
    segments = build_interchange(
        parties, controls, "HN", IMPLEMENTATION_X212, created, transactions, separators
    )
    return serialize(segments, separators)


def _status(seg: Segment, pos: int, component: str) -> dict[str, object]:
    parts = element_at(seg, 1).split(component)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise X12ParseError("STC01 needs a category and a status code", "STC", pos, 1)
    found: dict[str, object] = {
        "category": parts[0],
        "status_code": parts[1],
        "status_date": parse_date(seg, 2, pos),
        "total_charge": parse_amount(seg, 4, pos),
    }
    if element_at(seg, 5):
        found["paid_amount"] = parse_amount(seg, 5, pos)
    if element_at(seg, 6):
        found["adjudication_date"] = parse_date(seg, 6, pos)
    return found


def _flush(pending: dict[str, object] | None, answers: list[ClaimStatusAnswer]) -> None:
    if pending is not None:
        fields = claim_fields(pending, {"category", "service_from"}, "claim status")
        answers.append(ClaimStatusAnswer(**fields))  # type: ignore[arg-type]


def read_277(text: str) -> list[ClaimStatusResponse]:
    """Claim status responses (X212); a 277CA (X214) is read by read_277ca instead."""
    separators, pieces = split_transactions(text, expected_id="277")
    responses: list[ClaimStatusResponse] = []
    for piece in pieces:
        if "X214" in piece.version:
            raise X12ParseError("a 277CA (005010X214), not a claim status response", "GS", None, 8)
        header: dict[str, str] = {}
        level = ""
        provider = ("", "")
        subscriber: Segment = []
        answers: list[ClaimStatusAnswer] = []
        pending: dict[str, object] | None = None

        for offset, seg in enumerate(piece.segments):
            pos, tag = piece.first_position + offset, seg[0]
            if tag == "HL":
                _flush(pending, answers)
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
                _flush(pending, answers)
                pending = {
                    "at": pos,
                    "claim_id": element_at(seg, 2),
                    "provider_name": provider[0],
                    "provider_npi": provider[1],
                    "subscriber_last_name": element_at(subscriber, 3),
                    "subscriber_first_name": element_at(subscriber, 4),
                    "member_id": element_at(subscriber, 9),
                }
            elif pending is not None and tag == "STC" and "category" not in pending:
                pending.update(_status(seg, pos, separators.component))
            elif pending is not None and tag == "REF" and element_at(seg, 1) == "1K":
                pending["payer_claim_number"] = element_at(seg, 2)
            elif pending is not None and tag == "DTP" and element_at(seg, 1) == "472":
                pending["service_from"], pending["service_to"] = parse_service_period(seg, pos)
        _flush(pending, answers)
        missing = {"reference_id", "payer_name", "receiver_name"} - set(header)
        if missing:
            raise X12ParseError(f"277 header incomplete: {sorted(missing)}", "ST", piece.first_position)
        responses.append(ClaimStatusResponse(answers=tuple(answers), **header))
    return responses
