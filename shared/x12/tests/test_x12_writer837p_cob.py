"""Coordination of benefits in the 837P: loops 2320/2330A/2330B and 2430, written in the guide's place, read back
to the same model, pyx12-clean; what a payer's COB edit would reject is refused naming the element."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from rcm_x12 import Adjustment, X12BuildError, read_837p
from rcm_x12.claim837 import Claim, ClaimTransmission, LineAdjudication, OtherPayer, Payer
from rcm_x12.envelope import ControlNumbers
from rcm_x12.writer837p import write_837p

D = Decimal
CONTROLS = ControlNumbers(31, 32, 33)
DECIDED = date(2024, 3, 20)
PRIMARY = OtherPayer(
    responsibility="P",
    payer_name="ACME HEALTH PLAN",
    payer_id="ACME01",
    subscriber_last_name="DOE",
    subscriber_first_name="JOHN",
    member_id="W123456789",
    group_number="GRP100",
    claim_filing_indicator="CI",
    paid=D("150.00"),
    remaining_patient_liability=D("30.50"),
)


def _adjudicated(
    line_charge: Decimal, paid: str, contractual: str, coinsurance: str, code: str
) -> LineAdjudication:
    adjustments = (Adjustment("CO", "45", D(contractual)), Adjustment("PR", "2", D(coinsurance)))
    assert D(paid) + sum(a.amount for a in adjustments) == line_charge
    return LineAdjudication("ACME01", D(paid), code, D("1"), DECIDED, adjustments=adjustments)


def _secondary(claim: Claim) -> Claim:
    """The sample claim (150.00 + 85.50) sent to Blue Prairie after Acme paid 150.00 of it."""
    first, second = claim.lines
    lines = (
        replace(first, adjudications=(_adjudicated(first.charge, "100.00", "30.00", "20.00", "99214"),)),
        replace(second, adjudications=(_adjudicated(second.charge, "50.00", "25.00", "10.50", "94010"),)),
    )
    subscriber = replace(claim.subscriber, payer_responsibility="S", member_id="BPX7788")
    return replace(
        claim, payer=Payer("BLUE PRAIRIE INSURANCE", "BPI77"), subscriber=subscriber, lines=lines,
        other_payers=(PRIMARY,),
    )  # fmt: skip


def _segments(transmission: ClaimTransmission, claim: Claim) -> list[str]:
    return write_837p(transmission, [claim], CONTROLS).split("~")


def test_a_secondary_claim_carries_the_primarys_decision_in_2320_2330_and_2430(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    claim = _secondary(sample_claims[0])
    text = write_837p(transmission, [claim], CONTROLS)
    segments = text.split("~")
    sbr = segments.index("SBR*P*18*GRP100******CI")
    assert segments[sbr : sbr + 6] == [
        "SBR*P*18*GRP100******CI",
        "AMT*D*150",
        "AMT*EAF*30.5",
        "OI***Y***Y",
        "NM1*IL*1*DOE*JOHN****MI*W123456789",
        "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01",
    ]
    assert segments[sbr + 6].startswith("LX*1")  # 2430 carries the dates: no DTP*573 in 2330B
    svd = segments.index("SVD*ACME01*100*HC:99214**1")
    assert segments[svd + 1 : svd + 4] == ["CAS*CO*45*30", "CAS*PR*2*20", "DTP*573*D8*20240320"]
    assert "SVD*ACME01*50*HC:94010**1" in segments
    assert pyx12_errors(text) == []
    (read,) = read_837p(text)[0].claims
    assert read.other_payers == claim.other_payers
    assert [line.adjudications for line in read.lines] == [line.adjudications for line in claim.lines]
    assert (read.payer.payer_id, read.subscriber.member_id) == (
        "BPI77",
        "BPX7788",
    )  # its own, not the other's


def test_a_primary_claim_lists_the_payer_billed_next_without_amounts(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    next_payer = OtherPayer(
        responsibility="S",
        payer_name="BLUE PRAIRIE INSURANCE",
        payer_id="BPI77",
        subscriber_last_name="DOE",
        subscriber_first_name="JOHN",
        member_id="BPX7788",
    )
    claim = replace(sample_claims[0], other_payers=(next_payer,))
    text = write_837p(transmission, [claim], CONTROLS)
    segments = text.split("~")
    assert "SBR*S*18*******CI" in segments and not any(
        s.startswith(("AMT*D", "SVD", "DTP*573")) for s in segments
    )
    assert pyx12_errors(text) == []
    (read,) = read_837p(text)[0].claims
    assert read.other_payers == (next_payer,) and read.payer == claim.payer


def test_a_claim_level_decision_without_lines_gives_2330b_its_date(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    primary = replace(
        PRIMARY,
        paid=D("0.00"),
        claim_adjustments=(Adjustment("PR", "1", D("235.50")),),
        adjudication_date=DECIDED,
    )
    claim = replace(sample_claims[0], payer=Payer("BLUE PRAIRIE INSURANCE", "BPI77"), other_payers=(primary,))
    text = write_837p(transmission, [claim], CONTROLS)
    segments = text.split("~")
    payer_at = segments.index("NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01")
    assert segments[payer_at + 1] == "DTP*573*D8*20240320" and "CAS*PR*1*235.5" in segments
    assert pyx12_errors(text) == []


@pytest.mark.parametrize(
    ("change", "element"),
    [
        (
            lambda c: replace(c, other_payers=(replace(PRIMARY, payer_id="BPI77"),)),
            "repeats the claim's own payer",
        ),
        (lambda c: replace(c, other_payers=(PRIMARY, PRIMARY)), "names one payer twice"),
        (lambda c: replace(c, other_payers=(replace(PRIMARY, paid=D("149.00")),)), "AMT*D is not the sum"),
        (
            lambda c: replace(
                c,
                lines=(
                    replace(
                        c.lines[0], adjudications=(replace(c.lines[0].adjudications[0], paid=D("99.00")),)
                    ),
                    c.lines[1],
                ),
            ),
            "do not balance SV102",
        ),
        (
            lambda c: replace(
                c,
                lines=(
                    replace(
                        c.lines[0], adjudications=(replace(c.lines[0].adjudications[0], payer_id="ZZZ"),)
                    ),
                    c.lines[1],
                ),
            ),
            "SVD01 names no payer",
        ),
    ],
)
def test_what_a_payers_cob_edit_rejects_is_refused_naming_the_element(
    transmission: ClaimTransmission,
    sample_claims: list[Claim],
    change: Callable[[Claim], Claim],
    element: str,
) -> None:
    with pytest.raises(X12BuildError, match=element.replace("*", r"\*")):
        write_837p(transmission, [change(_secondary(sample_claims[0]))], CONTROLS)


def test_another_payers_provider_loops_never_become_the_claims_own(
    transmission: ClaimTransmission, sample_claims: list[Claim]
) -> None:
    """2330D-G (the other payer's referring, rendering... providers) come after 2330B: read as that payer's."""
    claim = _secondary(sample_claims[0])
    text = write_837p(transmission, [claim], CONTROLS)
    payer_at = text.index("NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~")
    end = text.index("~", payer_at) + 1
    hostile = text[:end] + "NM1*DN*1*ELSEWHERE*ROBIN****XX*1234567893~REF*G2*OTHERPAYERREF~" + text[end:]
    body = hostile.split("~")
    se = next(i for i, s in enumerate(body) if s.startswith("SE*"))
    body[se] = f"SE*{int(body[se].split('*')[1]) + 2}*{body[se].split('*')[2]}"
    (read,) = read_837p("~".join(body))[0].claims
    assert read.referring_provider == claim.referring_provider  # not ELSEWHERE
    assert read.other_payers == claim.other_payers
