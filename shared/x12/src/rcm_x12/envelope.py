"""ISA/GS/ST envelopes: writing with caller-supplied control numbers, and splitting a file into transactions.

Control numbers are never generated here: the caller persists them so they stay unique across files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rcm_x12.errors import X12BuildError, X12ParseError
from rcm_x12.segments import DEFAULT_SEPARATORS, Segment, Separators, element_at, tokenize


@dataclass(frozen=True)
class ControlNumbers:
    """ISA13, GS06 and ST02 for one file (one transaction set per file)."""

    interchange: int
    group: int
    transaction_set: int


@dataclass(frozen=True)
class EnvelopeParties:
    """Who sends and receives the interchange (ISA05-08) and the group (GS02/GS03)."""

    sender_id: str
    receiver_id: str
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    usage_indicator: str = "P"  # P production, T test
    application_sender: str = ""  # GS02; defaults to sender_id
    application_receiver: str = ""  # GS03; defaults to receiver_id


@dataclass(frozen=True)
class TransactionSlice:
    """One ST..SE transaction and the envelope data around it.

    The segment at segments[i] is at file position first_position + i (1-based), used in error messages.
    """

    interchange_control_number: str
    functional_id: str
    group_control_number: str
    version: str
    parties: EnvelopeParties
    created: datetime | None
    transaction_set_id: str
    control_number: str
    first_position: int
    segments: list[Segment]


def _check_control(value: int, digits: int, name: str) -> None:
    if value < 1 or len(str(value)) > digits:
        raise X12BuildError(f"{name} control number {value} must be 1..{'9' * digits}")


def wrap_transaction(
    transaction_set_id: str, control_number: int, implementation_ref: str, body: Sequence[Segment]
) -> list[Segment]:
    """ST + body + SE (SE01 counts ST and SE themselves)."""
    _check_control(control_number, 9, "transaction set")
    st_control = f"{control_number:04d}"
    return [
        ["ST", transaction_set_id, st_control, implementation_ref],
        *body,
        ["SE", str(len(body) + 2), st_control],
    ]


def build_interchange(
    parties: EnvelopeParties,
    controls: ControlNumbers,
    functional_id: str,
    version: str,
    created: datetime,
    transactions: Sequence[list[Segment]],
    separators: Separators = DEFAULT_SEPARATORS,
) -> list[Segment]:
    """ISA/GS around already wrapped ST..SE transactions, closed by GE/IEA."""
    _check_control(controls.interchange, 9, "interchange")
    _check_control(controls.group, 9, "group")
    isa13 = f"{controls.interchange:09d}"
    isa = [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        parties.sender_qualifier,
        parties.sender_id.ljust(15)[:15],
        parties.receiver_qualifier,
        parties.receiver_id.ljust(15)[:15],
        created.strftime("%y%m%d"),
        created.strftime("%H%M"),
        separators.repetition,
        "00501",
        isa13,
        "0",
        parties.usage_indicator,
        separators.component,
    ]
    gs = [
        "GS",
        functional_id,
        parties.application_sender or parties.sender_id,
        parties.application_receiver or parties.receiver_id,
        created.strftime("%Y%m%d"),
        created.strftime("%H%M"),
        str(controls.group),
        "X",
        version,
    ]
    segments: list[Segment] = [isa, gs]
    for transaction in transactions:
        segments.extend(transaction)
    segments.append(["GE", str(len(transactions)), str(controls.group)])
    segments.append(["IEA", "1", isa13])
    return segments


def _parse_created(gs: Segment) -> datetime | None:
    try:
        return datetime.strptime(element_at(gs, 4) + element_at(gs, 5)[:4], "%Y%m%d%H%M")
    except ValueError:
        return None


def split_transactions(
    text: str, expected_id: str | None = None
) -> tuple[Separators, list[TransactionSlice]]:
    """Tokenize a file and cut it into transactions, checking envelope counts and control numbers.

    Several interchanges, groups and transactions per file are accepted. expected_id (e.g. "835") rejects
    transaction sets of another kind.
    """
    separators, segments = tokenize(text)
    slices: list[TransactionSlice] = []
    isa: Segment | None = None
    isa_position = 0
    gs: Segment | None = None
    gs_position = 0
    group_count = 0
    st_count = 0
    st_index = -1
    for index, segment in enumerate(segments):
        tag = segment[0]
        position = index + 1
        if st_index >= 0 and tag != "SE":
            if tag in ("ISA", "GS", "ST", "GE", "IEA"):
                raise X12ParseError("transaction set not closed by SE before " + tag, tag, position)
            continue
        if tag == "ISA":
            if isa is not None:
                raise X12ParseError("missing IEA before next ISA", "ISA", position)
            if len(segment) != 17:
                raise X12ParseError(f"unknown ISA layout: {len(segment) - 1} elements", "ISA", position)
            isa, isa_position, group_count = segment, position, 0
        elif tag == "GS":
            if isa is None or gs is not None:
                raise X12ParseError("GS outside an interchange or missing GE", "GS", position)
            gs, gs_position, st_count = segment, position, 0
            group_count += 1
        elif tag == "ST":
            if gs is None or isa is None:
                raise X12ParseError("ST outside a functional group", "ST", position)
            if expected_id is not None and element_at(segment, 1) != expected_id:
                raise X12ParseError(
                    f"expected transaction set {expected_id}, got {element_at(segment, 1)!r}",
                    "ST",
                    position,
                    1,
                )
            st_index = index
            st_count += 1
        elif tag == "SE":
            if st_index < 0 or gs is None or isa is None:
                raise X12ParseError("SE without ST", "SE", position)
            st = segments[st_index]
            declared = element_at(segment, 1)
            actual = index - st_index + 1
            if not declared.isdigit() or int(declared) != actual:
                raise X12ParseError(
                    f"SE count {declared!r} does not match {actual} segments", "SE", position, 1
                )
            if element_at(segment, 2) != element_at(st, 2):
                raise X12ParseError("SE02 does not match ST02", "SE", position, 2)
            sender_id, receiver_id = isa[6].strip(), isa[8].strip()
            # GS02/GS03 equal to the ISA ids read back as "" (the writer's default), so models round-trip.
            gs_sender, gs_receiver = element_at(gs, 2), element_at(gs, 3)
            parties = EnvelopeParties(
                sender_id=sender_id,
                receiver_id=receiver_id,
                sender_qualifier=isa[5],
                receiver_qualifier=isa[7],
                usage_indicator=isa[15],
                application_sender="" if gs_sender == sender_id else gs_sender,
                application_receiver="" if gs_receiver == receiver_id else gs_receiver,
            )
            slices.append(
                TransactionSlice(
                    interchange_control_number=isa[13],
                    functional_id=element_at(gs, 1),
                    group_control_number=element_at(gs, 6),
                    version=element_at(gs, 8),
                    parties=parties,
                    created=_parse_created(gs),
                    transaction_set_id=element_at(st, 1),
                    control_number=element_at(st, 2),
                    first_position=st_index + 1,
                    segments=segments[st_index : index + 1],
                )
            )
            st_index = -1
        elif tag == "GE":
            if gs is None:
                raise X12ParseError("GE without GS", "GE", position)
            if element_at(segment, 1) != str(st_count):
                raise X12ParseError(
                    f"GE01 {element_at(segment, 1)!r} does not match {st_count} transactions",
                    "GE",
                    position,
                    1,
                )
            if element_at(segment, 2) != element_at(gs, 6):
                raise X12ParseError(
                    f"GE02 does not match GS06 (GS at position {gs_position})", "GE", position, 2
                )
            gs = None
        elif tag == "IEA":
            if isa is None or gs is not None:
                raise X12ParseError("IEA without ISA or with an open group", "IEA", position)
            if element_at(segment, 1) != str(group_count):
                raise X12ParseError(f"IEA01 does not match {group_count} groups", "IEA", position, 1)
            if element_at(segment, 2) != isa[13]:
                raise X12ParseError(
                    f"IEA02 does not match ISA13 (ISA at position {isa_position})", "IEA", position, 2
                )
            isa = None
        else:
            raise X12ParseError("segment outside a transaction set", tag, position)
    if st_index >= 0:
        raise X12ParseError("missing SE", "ST", st_index + 1)
    if gs is not None:
        raise X12ParseError("missing GE", "GS", gs_position)
    if isa is not None:
        raise X12ParseError("missing IEA", "ISA", isa_position)
    return separators, slices
