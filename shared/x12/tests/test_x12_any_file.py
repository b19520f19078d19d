"""read_any: every kind of file the project writes is recognised and read; a bad one gives a located problem."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from rcm_x12.ack277ca import ClaimAcknowledgment, ClaimStatus, write_277ca
from rcm_x12.ack999 import FunctionalGroupAck, TransactionSetAck, write_999
from rcm_x12.any_file import kind_of, read_any
from rcm_x12.claim837 import Claim, ClaimTransmission
from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.sample835 import mixed_remittance
from rcm_x12.segments import tokenize
from rcm_x12.writer835 import write_835
from rcm_x12.writer837p import write_837p

PARTIES = EnvelopeParties("CLEARHOUSE", "RCMSUBMIT01")
WHEN = datetime(2024, 3, 11, 6, 0)


def sample_999() -> str:
    accepted = FunctionalGroupAck(
        "HC", "201", "005010X222A1", "A", (TransactionSetAck("837", "0301", "A", "005010X222A1"),)
    )
    return write_999([accepted], PARTIES, ControlNumbers(9, 9, 9), WHEN)


def sample_277ca() -> str:
    status = ClaimStatus(
        "PCN1001",
        "A2",
        "20",
        Decimal("235.50"),
        date(2024, 3, 4),
        "CLINIC",
        "1234567893",
        "DOE",
        "JOHN",
        "W1",
    )
    ack = ClaimAcknowledgment(
        "CLEARINGHOUSE INC",
        "CH12345",
        "RCM",
        "RCM0001",
        "B301",
        date(2024, 3, 10),
        date(2024, 3, 11),
        (status,),
    )
    return write_277ca([ack], PARTIES, ControlNumbers(3, 3, 3), WHEN)


def sample_835() -> str:
    return write_835([mixed_remittance()], PARTIES, ControlNumbers(5, 6, 7), WHEN)


def test_each_kind_the_project_writes_is_recognised_and_read(
    transmission: ClaimTransmission, sample_claims: list[Claim]
) -> None:
    files = {
        "837P": write_837p(transmission, sample_claims, ControlNumbers(1, 1, 1)),
        "835": sample_835(),
        "999": sample_999(),
        "277CA": sample_277ca(),
    }
    for kind, text in files.items():
        reading = read_any(text)
        assert (reading.kind, reading.problems) == (kind, []), kind
        assert reading.understood, kind
    assert len(read_any(files["837P"]).understood[0].claims) == len(sample_claims)


def test_a_bad_amount_is_named_with_segment_position_and_element() -> None:
    text = sample_835().replace("CLP*PCN1*1*235.5*", "CLP*PCN1*1*23X.5*")
    reading = read_any(text)
    [problem] = reading.problems
    assert (problem.segment_id, problem.element) == ("CLP", "CLP03")
    assert reading.segments[problem.segment_position - 1][0] == "CLP"  # type: ignore[operator]
    assert reading.understood == []


def test_no_isa_and_an_unknown_transaction_are_problems_not_exceptions() -> None:
    assert read_any("hello").problems[0].segment_id == "ISA"
    other = sample_999().replace("ST*999*", "ST*820*")
    reading = read_any(other)
    assert reading.kind == "820" and "not a file this reader knows" in reading.problems[0].reason


def test_the_kind_comes_from_st01_and_the_implementation_in_gs08() -> None:
    _separators, segments = tokenize(sample_277ca())
    assert kind_of(segments) == "277CA"
    gs = next(s for s in segments if s[0] == "GS")
    gs[8] = "005010X212"  # a 277 claim status response, not an acknowledgment
    assert kind_of(segments) == "277"
    gs[8] = "005010X070"  # an unsolicited 277, which we do not read
    assert kind_of(segments) == "277 (005010X070)"


HAND_WRITTEN_837P = (Path(__file__).parent / "data" / "payer_complete_837p.x12").read_text()


def test_an_837p_with_the_situational_loops_is_read_with_them() -> None:
    reading = read_any(HAND_WRITTEN_837P)
    assert (reading.kind, reading.problems) == ("837P", [])
    claim = reading.understood[0].claims[0]
    assert claim.service_facility.name == "NORTHSIDE URGENT CARE"
    assert claim.lines[0].drug.ndc == "00003029320"
    assert claim.lines[1].ordering_provider.npi == "1666666668"


def test_a_drug_line_without_its_quantity_is_a_located_problem() -> None:
    reading = read_any(HAND_WRITTEN_837P.replace("CTP****40*ME~", "CTP****~"))
    assert [(p.segment_id, p.segment_position, p.element) for p in reading.problems] == [("CTP", 43, "CTP04")]
