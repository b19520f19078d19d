from __future__ import annotations

from collections.abc import Callable
from itertools import count

import pytest
from rcm_x12.claim837 import Claim, ClaimTransmission
from rcm_x12.envelope import ControlNumbers
from rcm_x12.errors import X12BuildError
from rcm_x12.writer837p import write_837p, write_837p_per_payer


def test_all_sample_claims_in_one_file_validate(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    text = write_837p(transmission, sample_claims, ControlNumbers(101, 201, 301))
    assert pyx12_errors(text) == []
    segments = text.split("~")
    assert segments[0].startswith("ISA*00*")
    assert "GS*HC*RCMSUBMIT01*CLEARHOUSE*20240310*1430*201*X*005010X222A1" in segments
    assert "ST*837*0301*005010X222A1" in segments
    assert "CLM*PCN1001*235.5***11:B:1*Y*A*Y*Y" in segments
    assert "HI*ABK:J449*ABF:I10*ABF:E119" in segments
    assert "SV1*HC:99214:25*150*UN*1***1:2" in segments
    assert "SV1*HC:20610:RT:59:XS:76*300*UN*1***2:3:1" in segments
    assert "REF*G1*AUTH7788" in segments and "REF*F8*PAYERICN99887766" in segments
    assert "CLM*PCN1003*65.25***81:B:7*Y*A*Y*Y" in segments
    assert "PAT*19" in segments and "SBR*P**GRP100******CI" in segments
    assert "NM1*82*1*SMITH*ANNA****XX*1992753880" in segments
    assert text.count("NM1*82*") == 1  # the rendering NPI equal to billing is not repeated
    assert segments[-2] == "IEA*1*000000101"


def test_one_file_per_payer_each_valid(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    numbers = count(1)
    controls = (ControlNumbers(n, n, n) for n in numbers)
    files = write_837p_per_payer(transmission, sample_claims, controls)
    assert list(files) == ["ACME01", "BPI77"]
    for payer_id, text in files.items():
        assert pyx12_errors(text) == [], payer_id
        assert f"PI*{payer_id}" in text
    assert "IEA*1*000000002" in files["BPI77"]


def test_replacement_without_original_number_is_rejected(
    transmission: ClaimTransmission, sample_claims: list[Claim]
) -> None:
    from dataclasses import replace

    bad = replace(sample_claims[2], original_claim_number="")
    with pytest.raises(X12BuildError, match="original claim number"):
        write_837p(transmission, [bad], ControlNumbers(1, 1, 1))


def test_line_breaks_option_still_validates(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    text = write_837p(transmission, sample_claims[:1], ControlNumbers(7, 7, 7), line_breaks=True)
    assert "~\n" in text
    assert pyx12_errors(text) == []


def test_pyx12_helper_does_report_errors(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    # Guards against a validation helper that silently accepts anything.
    text = write_837p(transmission, sample_claims[:1], ControlNumbers(7, 7, 7))
    broken = text.replace("DMG*D8*19800517*M", "DMG*D8*19800517*Q").replace("SE*", "SE*9")
    assert pyx12_errors(broken)
