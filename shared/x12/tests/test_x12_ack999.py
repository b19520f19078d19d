from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from rcm_x12.ack999 import (
    ElementError,
    FunctionalGroupAck,
    SegmentError,
    TransactionSetAck,
    read_999,
    write_999,
)
from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.errors import X12ParseError

ACCEPTED = FunctionalGroupAck(
    "HC", "201", "005010X222A1", "A", (TransactionSetAck("837", "0301", "A", "005010X222A1"),)
)
REJECTED = FunctionalGroupAck(
    "HC",
    "202",
    "005010X222A1",
    "R",
    (
        TransactionSetAck(
            "837",
            "0302",
            "R",
            "005010X222A1",
            ("5",),
            (
                SegmentError(
                    "NM1",
                    25,
                    "8",
                    "2010",
                    (ElementError(9, "7", "67", None, "XX1"), ElementError(3, "1", "1035")),
                ),
                SegmentError("SV1", 40, "8", "2400", (ElementError(1, "7", "235", 1, "ZZ"),)),
            ),
        ),
    ),
)
PARTIES = EnvelopeParties("CLEARHOUSE", "RCMSUBMIT01")


def _text() -> str:
    return write_999([ACCEPTED, REJECTED], PARTIES, ControlNumbers(9, 9, 9), datetime(2024, 3, 10, 15, 0))


def test_999_validates_with_pyx12(pyx12_errors: Callable[[str], list[str]]) -> None:
    text = _text()
    assert pyx12_errors(text) == []
    assert "IK3*NM1*25*2010*8~IK4*9*67*7*XX1~IK4*3*1035*1~" in text
    assert "IK4*1:1*235*7*ZZ~" in text
    assert "AK9*R*1*1*0~" in text and "AK9*A*1*1*1~" in text


def test_999_round_trip() -> None:
    assert read_999(_text()) == [ACCEPTED, REJECTED]


def test_999_reader_rejects_bad_position() -> None:
    with pytest.raises(X12ParseError, match="IK3"):
        read_999(_text().replace("IK3*NM1*25*", "IK3*NM1*X5*"))
