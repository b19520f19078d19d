from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from rcm_x12.ack277ca import ClaimAcknowledgment, ClaimStatus, read_277ca, write_277ca
from rcm_x12.envelope import ControlNumbers, EnvelopeParties

DOS = date(2024, 3, 4)
ACK = ClaimAcknowledgment(
    "CLEARINGHOUSE INC",
    "CH12345",
    "RCM BILLING SERVICES",
    "RCM0001",
    "BATCH301",
    date(2024, 3, 10),
    date(2024, 3, 11),
    (
        ClaimStatus(
            "PCN1001",
            "A2",
            "20",
            Decimal("235.50"),
            DOS,
            "SPRINGFIELD FAMILY CLINIC",
            "1234567893",
            "DOE",
            "JOHN",
            "W123456789",
            payer_claim_number="ICN0000000001",
        ),
        ClaimStatus(
            "PCN1002",
            "A7",
            "21",
            Decimal("110.00"),
            DOS,
            "SPRINGFIELD FAMILY CLINIC",
            "1234567893",
            "DOE",
            "TIMMY",
            "W555000111",
            entity_code="IL",
        ),
        ClaimStatus(
            "PCN1003",
            "A3",
            "562",
            Decimal("65.25"),
            DOS,
            "PRAIRIE LAB GROUP",
            "1467560003",
            "ROE",
            "RICHARD",
            "B777",
            entity_code="85",
        ),
    ),
)


def _text() -> str:
    return write_277ca(
        [ACK],
        EnvelopeParties("CLEARHOUSE", "RCMSUBMIT01"),
        ControlNumbers(3, 3, 3),
        datetime(2024, 3, 11, 6, 0),
    )


def test_277ca_validates_with_pyx12(pyx12_errors: Callable[[str], list[str]]) -> None:
    text = _text()
    assert pyx12_errors(text) == []
    assert "TRN*2*PCN1002~STC*A7:21:IL*20240311*U*110~" in text
    assert "REF*1K*ICN0000000001~" in text
    assert "QTY*90*1~QTY*AA*2~" in text


def test_277ca_round_trip() -> None:
    (ack,) = read_277ca(_text())
    assert ack == ACK
    assert [c.accepted for c in ack.claims] == [True, False, False]
