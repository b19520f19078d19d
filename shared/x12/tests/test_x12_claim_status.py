"""276/277 claim status (005010X212): pyx12-clean, round trip, located problems, recognised by read_any."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from rcm_x12 import X12BuildError, X12ParseError
from rcm_x12.any_file import read_any
from rcm_x12.claim_status276 import ClaimInquiry, ClaimStatusRequest, read_276, write_276
from rcm_x12.claim_status277 import ClaimStatusAnswer, ClaimStatusResponse, read_277, write_277
from rcm_x12.claim_status_codes import StatusGroup, status_group, status_label
from rcm_x12.envelope import ControlNumbers, EnvelopeParties

DOS = date(2024, 3, 4)
CLINIC = ("SPRINGFIELD FAMILY CLINIC", "1234567893")
LAB = ("PRAIRIE LAB GROUP", "1467560003")
WHEN = datetime(2024, 4, 5, 6, 0)

REQUEST = ClaimStatusRequest(
    "INQ20240405",
    "MEDICARE PART B",
    "00431",
    "RCM BILLING SERVICES",
    "RCM0001",
    (
        ClaimInquiry(
            "PCN1001", Decimal("235.50"), DOS, DOS, *CLINIC, "DOE", "JOHN", "W123456789", "ICN000001"
        ),
        ClaimInquiry(
            "PCN1002", Decimal("110.00"), DOS, date(2024, 3, 6), *CLINIC, "DOE", "JANE", "W555000111"
        ),
        ClaimInquiry("PCN1003", Decimal("65.25"), DOS, DOS, *LAB, "ROE", "RICHARD", "B777"),
    ),
)
RESPONSE = ClaimStatusResponse(
    "INQ20240405",
    "MEDICARE PART B",
    "00431",
    "RCM BILLING SERVICES",
    "RCM0001",
    (
        ClaimStatusAnswer(
            "PCN1001", "P1", "20", date(2024, 4, 5), Decimal("235.50"), DOS, DOS, *CLINIC, "DOE", "JOHN", "W1"
        ),
        ClaimStatusAnswer(
            "PCN1002",
            "F1",
            "65",
            date(2024, 4, 5),
            Decimal("110.00"),
            DOS,
            date(2024, 3, 6),
            *CLINIC,
            "DOE",
            "JANE",
            "W2",
            paid_amount=Decimal("82.40"),
            adjudication_date=date(2024, 4, 2),
            payer_claim_number="ICN000002",
        ),
        ClaimStatusAnswer(
            "PCN1003",
            "F2",
            "1",
            date(2024, 4, 5),
            Decimal("65.25"),
            DOS,
            DOS,
            *LAB,
            "ROE",
            "RICHARD",
            "B777",
            paid_amount=Decimal("0"),
            adjudication_date=date(2024, 4, 1),
        ),
    ),
)


def _276() -> str:
    return write_276([REQUEST], EnvelopeParties("RCM0001", "00431"), ControlNumbers(7, 7, 1), WHEN)


def _277() -> str:
    return write_277([RESPONSE], EnvelopeParties("00431", "RCM0001"), ControlNumbers(8, 8, 1), WHEN)


def test_276_validates_with_pyx12_and_carries_the_claim_as_trace_and_patient_control_number(
    pyx12_errors: Callable[[str], list[str]],
) -> None:
    text = _276()
    assert pyx12_errors(text) == []
    assert "GS*HR*RCM0001*00431*20240405*0600*7*X*005010X212~ST*276*0001*005010X212~" in text
    assert "TRN*1*PCN1001~REF*1K*ICN000001~REF*EJ*PCN1001~AMT*T3*235.5~DTP*472*RD8*20240304-20240304~" in text
    assert text.count("NM1*1P*2*") == 2  # claims grouped under their two billing providers


def test_276_round_trip() -> None:
    assert read_276(_276()) == [REQUEST]


def test_277_validates_with_pyx12_and_carries_status_paid_amount_and_dates(
    pyx12_errors: Callable[[str], list[str]],
) -> None:
    text = _277()
    assert pyx12_errors(text) == []
    assert "TRN*2*PCN1001~STC*P1:20*20240405**235.5~" in text
    assert "TRN*2*PCN1002~STC*F1:65*20240405**110*82.4*20240402~REF*1K*ICN000002~" in text


def test_277_round_trip_with_labels_and_groups() -> None:
    (response,) = read_277(_277())
    assert response == RESPONSE
    pending, paid, denied = response.answers
    assert pending.group is StatusGroup.PENDING
    assert pending.label == "Pending: in process (20 accepted for processing)"
    assert (paid.group, denied.group) == (StatusGroup.FINALIZED, StatusGroup.FINALIZED)


def test_pyx12_finds_a_broken_claim_status_file(pyx12_errors: Callable[[str], list[str]]) -> None:
    """The maps we derive for pyx12 do judge: a wrong qualifier is named."""
    assert any("AMT*XX" in p for p in pyx12_errors(_276().replace("AMT*T3", "AMT*XX")))
    assert pyx12_errors(_277().replace("TRN*2*PCN1001", "TRN*9*PCN1001")) != []


def test_a_finalized_answer_without_paid_amount_is_refused() -> None:
    answer = ClaimStatusAnswer(
        "PCN9", "F1", "65", WHEN.date(), Decimal("10"), DOS, DOS, *CLINIC, "A", "B", "C"
    )
    with pytest.raises(X12BuildError, match="STC05"):
        write_277(
            [ClaimStatusResponse("R", "P", "1", "Q", "2", (answer,))],
            EnvelopeParties("A", "B"),
            ControlNumbers(1, 1, 1),
            WHEN,
        )


def test_a_bad_status_date_is_named_with_segment_position_and_element() -> None:
    text = _277().replace("STC*P1:20*20240405", "STC*P1:20*2024XX05")
    with pytest.raises(X12ParseError) as error:
        read_277(text)
    assert (error.value.segment_id, error.value.segment_position, error.value.element_position) == (
        "STC",
        14,
        2,
    )


def test_a_277ca_is_not_read_as_a_claim_status_response() -> None:
    text = _277().replace("005010X212", "005010X214")
    with pytest.raises(X12ParseError, match="277CA"):
        read_277(text)


def test_read_any_knows_276_and_277_by_gs08() -> None:
    request, response = read_any(_276()), read_any(_277())
    assert (request.kind, request.problems, request.understood) == ("276", [], [REQUEST])
    assert (response.kind, response.problems, response.understood) == ("277", [], [RESPONSE])


@pytest.mark.parametrize(
    ("category", "group"),
    [
        ("A2", StatusGroup.ACKNOWLEDGED),
        ("P3", StatusGroup.PENDING),
        ("F2", StatusGroup.FINALIZED),
        ("E1", StatusGroup.ERROR),
        ("D0", StatusGroup.ERROR),
        ("Q9", StatusGroup.UNKNOWN),
    ],
)
def test_status_categories_fall_into_follow_up_groups(category: str, group: StatusGroup) -> None:
    assert status_group(category) is group


def test_an_unknown_status_code_keeps_its_code_in_the_label() -> None:
    assert status_label("P2", "999") == "Pending: under payer review (999)"
    assert status_label("Q9") == "unknown status category"
