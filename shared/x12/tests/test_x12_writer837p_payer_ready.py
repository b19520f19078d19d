"""What a payer's front end needs beyond a syntactically valid 837P: provider taxonomy (PRV), the billing
provider's ZIP+4, and no $0 service line. Expected segments are written out by hand from the 005010X222A1 guide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from rcm_x12.claim837 import Address, Claim, ClaimTransmission
from rcm_x12.envelope import ControlNumbers
from rcm_x12.errors import X12BuildError
from rcm_x12.writer837p import write_837p

CONTROLS = ControlNumbers(11, 12, 13)


def _segments(text: str) -> list[str]:
    return text.split("~")


def test_billing_provider_taxonomy_opens_loop_2000a(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    text = write_837p(transmission, sample_claims[:1], CONTROLS)
    assert pyx12_errors(text) == []
    segments = _segments(text)
    # 2000A: HL, then PRV*BI, then loop 2010AA's NM1*85.
    start = segments.index("HL*1**20*1")
    assert segments[start + 1] == "PRV*BI*PXC*261QP2300X"
    assert segments[start + 2] == "NM1*85*2*SPRINGFIELD FAMILY CLINIC*****XX*1234567893"


def test_rendering_provider_taxonomy_follows_its_nm1(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    text = write_837p(transmission, sample_claims[:1], CONTROLS)
    assert pyx12_errors(text) == []
    segments = _segments(text)
    rendering = segments.index("NM1*82*1*SMITH*ANNA****XX*1992753880")
    assert segments[rendering + 1] == "PRV*PE*PXC*207Q00000X"


def test_no_taxonomy_no_prv(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    # The lab claim's provider has no taxonomy and no rendering provider: PRV is situational, so none is written.
    text = write_837p(transmission, [sample_claims[2]], CONTROLS)
    assert pyx12_errors(text) == []
    assert "PRV*" not in text


def test_every_sample_claim_with_prv_segments_validates(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    text = write_837p(transmission, sample_claims, CONTROLS, line_breaks=True)
    assert pyx12_errors(text) == []
    assert text.count("PRV*BI*PXC*261QP2300X~") == 1  # one 2000A for the clinic's three claims
    assert text.count("PRV*PE*PXC*") == 1  # the rendering provider equal to billing is not written at all


@pytest.mark.parametrize("postal_code", ["62704", "6270", "62704-5678", "6270456789", "62704ABCD", ""])
def test_billing_provider_without_zip_plus_4_is_refused(
    transmission: ClaimTransmission, sample_claims: list[Claim], postal_code: str
) -> None:
    claim = sample_claims[0]
    address = replace(claim.billing_provider.address, postal_code=postal_code)
    bad = replace(claim, billing_provider=replace(claim.billing_provider, address=address))
    with pytest.raises(X12BuildError, match=r"billing provider N403 must be a 9-digit ZIP\+4") as caught:
        write_837p(transmission, [bad], CONTROLS)
    if postal_code:
        assert postal_code not in str(caught.value)  # the element is named, never its value


def test_a_five_digit_zip_elsewhere_is_still_fine(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    # ZIP+4 is the billing provider's requirement only; a subscriber's 5-digit ZIP is valid 5010.
    claim = sample_claims[0]
    subscriber = replace(claim.subscriber, address=Address("100 MAIN ST", "SPRINGFIELD", "IL", "62701"))
    text = write_837p(transmission, [replace(claim, subscriber=subscriber)], CONTROLS)
    assert pyx12_errors(text) == []
    assert "N4*SPRINGFIELD*IL*62701" in _segments(text)


@pytest.mark.parametrize("charge", [Decimal("0"), Decimal("0.00"), Decimal("-5.00")])
def test_a_line_without_a_positive_charge_is_refused(
    transmission: ClaimTransmission, sample_claims: list[Claim], charge: Decimal
) -> None:
    claim = sample_claims[0]
    unpriced = replace(claim.lines[1], charge=charge)
    bad = replace(claim, lines=(claim.lines[0], unpriced))
    with pytest.raises(X12BuildError, match=r"SV102 \(line charge\) must be greater than 0"):
        write_837p(transmission, [bad], CONTROLS)


@pytest.mark.parametrize("taxonomy", ["207Q00000", "207q00000x", "207Q00000Y", "207Q*0000X"])
def test_a_malformed_taxonomy_is_refused(
    transmission: ClaimTransmission, sample_claims: list[Claim], taxonomy: str
) -> None:
    claim = sample_claims[0]
    billing = replace(claim, billing_provider=replace(claim.billing_provider, taxonomy_code=taxonomy))
    with pytest.raises(X12BuildError, match="billing provider PRV03") as caught:
        write_837p(transmission, [billing], CONTROLS)
    assert taxonomy not in str(caught.value)
    assert claim.rendering_provider is not None
    rendering = replace(claim, rendering_provider=replace(claim.rendering_provider, taxonomy_code=taxonomy))
    with pytest.raises(X12BuildError, match="rendering provider PRV03"):
        write_837p(transmission, [rendering], CONTROLS)
