"""999 for one 837P file: read it with rcm_x12 and accept it, or reject it naming the segment at fault.

A broken file still has to be answered, so its envelope numbers and claim ids are scanned leniently here
(no validation): the 999 must echo GS06/ST02, and each claim in the file must learn it was rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from rcm_x12 import (
    ClaimFile,
    ControlNumbers,
    EnvelopeParties,
    FunctionalGroupAck,
    SegmentError,
    TransactionSetAck,
    X12ParseError,
    read_837p,
    write_999,
)
from rcm_x12.ack999 import ElementError

from rcm_clearinghouse.service.outcomes import FileAcknowledgment, FileProblem

IMPLEMENTATION_837P = "005010X222A1"
# ISA is fixed width: the segment terminator follows the 105th character (ISA16 is the 105th).
ISA_TERMINATOR_INDEX = 105
# IK304 "segment has data element errors" / "unexpected segment"; AK905 "2" version not supported.
SEGMENT_HAS_ELEMENT_ERRORS, UNEXPECTED_SEGMENT, VERSION_NOT_SUPPORTED = "8", "2", "2"
ENVELOPE_SEGMENTS = frozenset({"ISA", "GS", "GE", "IEA"})
# IK403: invalid date, invalid character (numbers), invalid code value (everything else).
INVALID_DATE, INVALID_CHARACTER, INVALID_CODE_VALUE = "8", "6", "7"


@dataclass(frozen=True)
class EnvelopeFacts:
    interchange_control_number: str = "0"
    sender_id: str = "UNKNOWN"
    sender_qualifier: str = "ZZ"
    group_control_number: str = "0"
    version: str = IMPLEMENTATION_837P
    transaction_control_number: str = ""
    transaction_start: int | None = None  # file position of ST (1-based)
    claim_ids: tuple[str, ...] = ()


def scan_envelope(text: str) -> EnvelopeFacts:
    """Best-effort envelope numbers and CLM01 values, tolerant of whatever is broken in the file."""
    body = text.lstrip()
    element = body[3] if body.startswith("ISA") and len(body) > 3 else "*"
    terminator = body[ISA_TERMINATOR_INDEX] if len(body) > ISA_TERMINATOR_INDEX else "~"
    if terminator.isalnum() or terminator == element:
        terminator = "~"
    segments = [part.strip().split(element) for part in body.split(terminator) if part.strip()]
    facts: dict[str, object] = {}
    claim_ids: list[str] = []
    for position, segment in enumerate(segments, start=1):
        tag, size = segment[0], len(segment)
        if tag == "ISA" and size > 13 and segment[13].strip().isdigit():
            facts.update(
                interchange_control_number=str(int(segment[13])),
                sender_id=segment[6].strip() or "UNKNOWN",
                sender_qualifier=segment[5].strip() or "ZZ",
            )
        elif tag == "GS" and size > 8 and segment[6].isdigit():
            facts.update(group_control_number=segment[6], version=segment[8])
        elif tag == "ST" and size > 2 and "transaction_start" not in facts:
            facts.update(transaction_control_number=segment[2], transaction_start=position)
        elif tag == "CLM" and size > 1 and re.fullmatch(r"[A-Za-z0-9-]{1,38}", segment[1]):
            claim_ids.append(segment[1])
    return EnvelopeFacts(claim_ids=tuple(claim_ids), **facts)  # type: ignore[arg-type]


def _element_error_code(reason: str) -> str:
    lowered = reason.lower()
    if "date" in lowered:
        return INVALID_DATE
    if any(word in lowered for word in ("amount", "number", "quantity", "numeric")):
        return INVALID_CHARACTER
    return INVALID_CODE_VALUE


def _envelope_error_code(error: X12ParseError) -> str:
    """AK905: 5 transaction count, 4 control numbers disagree, 3 trailer missing, 1 anything else."""
    if error.segment_id == "GE":
        return "5" if error.element_position == 1 else "4"
    return "3" if "missing GE" in error.reason else "1"


def inside_transaction(error: X12ParseError, facts: EnvelopeFacts) -> bool:
    """IK3 can only point inside ST..SE; envelope errors are reported in AK9 instead."""
    position, start = error.segment_position, facts.transaction_start
    envelope = error.segment_id in ENVELOPE_SEGMENTS
    return position is not None and start is not None and position >= start and not envelope


def problem_from_parse_error(error: X12ParseError, facts: EnvelopeFacts) -> FileProblem:
    position = error.segment_position
    start = facts.transaction_start
    inside = inside_transaction(error, facts)
    if inside and position is not None and start is not None:
        position = position - start + 1
    has_element = error.element_position is not None
    if not inside:
        code = _envelope_error_code(error)
    elif has_element:
        code = _element_error_code(error.reason)
    else:
        code = UNEXPECTED_SEGMENT
    return FileProblem(error.reason, error.segment_id, position, error.element_position, code)


def _ack_group(facts: EnvelopeFacts, problem: FileProblem | None, inside: bool) -> FunctionalGroupAck:
    if not facts.transaction_control_number:
        return FunctionalGroupAck("HC", facts.group_control_number, facts.version, "R", (), 1, ("1",))
    segment_errors: tuple[SegmentError, ...] = ()
    if problem is not None and inside and problem.segment and problem.segment_position:
        elements: tuple[ElementError, ...] = ()
        if problem.element_position is not None:
            elements = (ElementError(problem.element_position, problem.error_code),)
        segment_code = SEGMENT_HAS_ELEMENT_ERRORS if elements else UNEXPECTED_SEGMENT
        segment_errors = (
            SegmentError(problem.segment, problem.segment_position, segment_code, "", elements),
        )
    status = "A" if problem is None else "R"
    transaction = TransactionSetAck(
        "837",
        facts.transaction_control_number,
        status,
        IMPLEMENTATION_837P,
        () if problem is None else ("5",),
        segment_errors,
    )
    group_errors: tuple[str, ...] = () if problem is None or inside else (problem.error_code,)
    return FunctionalGroupAck(
        "HC", facts.group_control_number, facts.version, status, (transaction,), None, group_errors
    )


def acknowledge_file(
    text: str, created: datetime, clearinghouse_id: str
) -> tuple[FileAcknowledgment, list[ClaimFile]]:
    """The 999 for a file and, when accepted, its transactions read back as claims."""
    facts = scan_envelope(text)
    problem: FileProblem | None = None
    inside = False
    claim_files: list[ClaimFile] = []
    try:
        claim_files = read_837p(text)
        if facts.version != IMPLEMENTATION_837P:
            reason = f"GS08 {facts.version!r} is not {IMPLEMENTATION_837P}"
            problem = FileProblem(reason, "GS", 2, 8, VERSION_NOT_SUPPORTED)
        elif not claim_files:
            problem = FileProblem("no 837 transaction set in the file", "ST", None, None, "1")
    except X12ParseError as error:
        problem = problem_from_parse_error(error, facts)
        inside = inside_transaction(error, facts)
    parties = EnvelopeParties(
        sender_id=clearinghouse_id,
        receiver_id=facts.sender_id,
        receiver_qualifier=facts.sender_qualifier,
    )
    # The 999 reuses the acknowledged ISA13, so answering the same file twice yields the same 999.
    control = max(int(facts.interchange_control_number), 1)
    x12_999 = write_999(
        [_ack_group(facts, problem, inside)], parties, ControlNumbers(control, control, 1), created
    )
    acknowledgment = FileAcknowledgment(
        interchange_control_number=facts.interchange_control_number,
        accepted=problem is None,
        problem=problem,
        claim_ids=facts.claim_ids,
        x12_999=x12_999,
    )
    return acknowledgment, claim_files if problem is None else []
