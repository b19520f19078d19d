"""999 implementation acknowledgment (005010X231A1): writer and reader.

A 999 accepts or rejects the transaction sets of one functional group; IK3/IK4 point at the offending segment
(position counted from ST = 1) and element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

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
    serialize,
    unsafe_reason,
)

IMPLEMENTATION_999 = "005010X231A1"


@dataclass(frozen=True)
class ElementError:
    """IK4: element position (and component position), data element reference number, IK403 error code."""

    position: int
    error_code: (
        str  # 1 required missing, 2 conditional, 4 too short, 5 too long, 6 invalid char, 7 invalid code...
    )
    element_reference: str = ""
    component_position: int | None = None
    bad_value: str = ""


@dataclass(frozen=True)
class SegmentError:
    """IK3: segment id, position in the transaction set (ST = 1), loop id and IK304 syntax error code."""

    segment_id: str
    position: int
    error_code: str = "8"  # 8 = segment has data element errors; 3 = mandatory segment missing; ...
    loop_id: str = ""  # IK303, at most 4 characters (e.g. 2010)
    element_errors: tuple[ElementError, ...] = ()


@dataclass(frozen=True)
class TransactionSetAck:
    """AK2 .. IK5 for one acknowledged transaction set."""

    transaction_set_id: str  # e.g. 837
    control_number: str  # the acknowledged ST02
    status: str  # IK501: A accepted, E accepted with errors, R rejected
    implementation_ref: str = ""
    error_codes: tuple[str, ...] = ()  # IK502-506, e.g. 5 = one or more segments in error
    segment_errors: tuple[SegmentError, ...] = ()


@dataclass(frozen=True)
class FunctionalGroupAck:
    """AK1 .. AK9: the acknowledgment of one functional group."""

    functional_id: str  # GS01 of the acknowledged group, e.g. HC
    group_control_number: str  # GS06 of the acknowledged group
    version: str  # GS08 of the acknowledged group
    status: str  # AK901: A, E, P (partially accepted), R
    transaction_sets: tuple[TransactionSetAck, ...]
    received_count: int | None = None  # AK903; defaults to len(transaction_sets)
    error_codes: tuple[str, ...] = ()  # AK905-909

    @property
    def accepted_count(self) -> int:
        return sum(1 for ack in self.transaction_sets if ack.status in ("A", "E"))


def build_999_body(ack: FunctionalGroupAck, separators: Separators = DEFAULT_SEPARATORS) -> list[Segment]:
    body: list[Segment] = [["AK1", ack.functional_id, ack.group_control_number, ack.version]]
    for ts in ack.transaction_sets:
        body.append(["AK2", ts.transaction_set_id, ts.control_number, ts.implementation_ref])
        for seg_error in ts.segment_errors:
            body.append(
                [
                    "IK3",
                    seg_error.segment_id,
                    str(seg_error.position),
                    seg_error.loop_id,
                    seg_error.error_code,
                ]
            )
            for el in seg_error.element_errors:
                where = [
                    str(el.position),
                    "" if el.component_position is None else str(el.component_position),
                ]
                # IK404 copies the bad data; when the copy itself cannot be written (a delimiter, a control
                # character) it is left out, as X12 allows, rather than failing the whole acknowledgment.
                copy = el.bad_value if unsafe_reason(el.bad_value, separators) is None else ""
                body.append(["IK4", composite(where, separators), el.element_reference, el.error_code, copy])
        body.append(["IK5", ts.status, *ts.error_codes[:5]])
    count = len(ack.transaction_sets)
    received = count if ack.received_count is None else ack.received_count
    body.append(["AK9", ack.status, str(count), str(received), str(ack.accepted_count), *ack.error_codes[:5]])
    return body


def write_999(
    acks: Sequence[FunctionalGroupAck],
    parties: EnvelopeParties,
    controls: ControlNumbers,
    created: datetime,
    separators: Separators = DEFAULT_SEPARATORS,
) -> str:
    """One ST*999 per acknowledged group, numbered from controls.transaction_set upward."""
    transactions = [
        wrap_transaction(
            "999", controls.transaction_set + i, IMPLEMENTATION_999, build_999_body(ack, separators)
        )
        for i, ack in enumerate(acks)
    ]
    segments = build_interchange(
        parties, controls, "FA", IMPLEMENTATION_999, created, transactions, separators
    )
    return serialize(segments, separators)


def _int(segment: Segment, position: int, segment_position: int) -> int:
    raw = element_at(segment, position)
    if not raw.isdigit():
        raise X12ParseError("expected a number", segment[0], segment_position, position)
    return int(raw)


def read_999(text: str) -> list[FunctionalGroupAck]:
    separators, pieces = split_transactions(text, expected_id="999")
    acks: list[FunctionalGroupAck] = []
    for piece in pieces:
        group: Segment | None = None
        sets: list[TransactionSetAck] = []
        current: dict[str, object] | None = None
        seg_errors: list[SegmentError] = []
        for offset, seg in enumerate(piece.segments):
            pos, tag = piece.first_position + offset, seg[0]
            if tag == "AK1":
                group = seg
            elif tag == "AK2":
                current, seg_errors = {"ak2": seg}, []
            elif tag == "IK3":
                seg_errors.append(
                    SegmentError(
                        element_at(seg, 1), _int(seg, 2, pos), element_at(seg, 4), element_at(seg, 3)
                    )
                )
            elif tag == "IK4" and seg_errors:
                where = element_at(seg, 1).split(separators.component)
                if not where[0].isdigit() or (len(where) > 1 and where[1] and not where[1].isdigit()):
                    raise X12ParseError("invalid element position", "IK4", pos, 1)
                error = ElementError(
                    int(where[0]),
                    element_at(seg, 3),
                    element_at(seg, 2),
                    int(where[1]) if len(where) > 1 and where[1] else None,
                    element_at(seg, 4),
                )
                last = seg_errors[-1]
                seg_errors[-1] = SegmentError(
                    last.segment_id,
                    last.position,
                    last.error_code,
                    last.loop_id,
                    (*last.element_errors, error),
                )
            elif tag == "IK5":
                if current is None:
                    raise X12ParseError("IK5 without AK2", "IK5", pos)
                ak2 = current["ak2"]
                assert isinstance(ak2, list)
                sets.append(
                    TransactionSetAck(
                        element_at(ak2, 1),
                        element_at(ak2, 2),
                        element_at(seg, 1),
                        element_at(ak2, 3),
                        tuple(e for e in seg[2:] if e),
                        tuple(seg_errors),
                    )
                )
                current = None
            elif tag == "AK9":
                if group is None:
                    raise X12ParseError("AK9 without AK1", "AK9", pos)
                received = _int(seg, 3, pos)
                # AK903 equal to the number of AK2 loops reads back as None, the writer's default.
                acks.append(
                    FunctionalGroupAck(
                        element_at(group, 1),
                        element_at(group, 2),
                        element_at(group, 3),
                        element_at(seg, 1),
                        tuple(sets),
                        None if received == len(sets) else received,
                        tuple(e for e in seg[5:] if e),
                    )
                )
    return acks
