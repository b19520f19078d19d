from __future__ import annotations

from dataclasses import replace

import pytest
from rcm_x12.claim837 import Claim, ClaimTransmission
from rcm_x12.envelope import ControlNumbers
from rcm_x12.errors import X12ParseError
from rcm_x12.reader837p import read_837p
from rcm_x12.writer837p import write_837p


def _as_written(claim: Claim) -> Claim:
    # The writer drops a rendering provider whose NPI equals the billing NPI, so the reader cannot see it.
    rendering = claim.rendering_provider
    if rendering is not None and rendering.npi == claim.billing_provider.npi:
        return replace(claim, rendering_provider=None)
    return claim


def test_round_trip_returns_the_same_model(
    transmission: ClaimTransmission, sample_claims: list[Claim]
) -> None:
    text = write_837p(transmission, sample_claims, ControlNumbers(101, 201, 301), line_breaks=True)
    files = read_837p(text)
    assert len(files) == 1
    claim_file = files[0]
    assert claim_file.controls == ControlNumbers(101, 201, 301)
    assert claim_file.transmission == replace(transmission, reference_id="301")
    assert claim_file.claims[0].diagnosis_codes == ("J449", "I10", "E119")
    expected = [
        replace(_as_written(c), diagnosis_codes=tuple(d.replace(".", "") for d in c.diagnosis_codes))
        for c in sample_claims
    ]
    # Claims come back grouped by billing provider (HL 20), so compare independent of order.
    assert sorted(claim_file.claims, key=lambda c: c.claim_id) == expected


def test_provider_taxonomies_come_back(transmission: ClaimTransmission, sample_claims: list[Claim]) -> None:
    # PRV*BI sits in loop 2000A before the billing provider's NM1, PRV*PE in loop 2310B after NM1*82.
    (claim_file,) = read_837p(write_837p(transmission, sample_claims[:1], ControlNumbers(1, 1, 1)))
    (claim,) = claim_file.claims
    assert claim.billing_provider.taxonomy_code == "261QP2300X"
    assert claim.rendering_provider is not None
    assert claim.rendering_provider.taxonomy_code == "207Q00000X"


def test_a_billing_provider_without_prv_has_no_taxonomy(
    transmission: ClaimTransmission, sample_claims: list[Claim]
) -> None:
    # The lab (no PRV) follows the clinic (PRV*BI) in one file: the clinic's taxonomy must not leak into it.
    text = write_837p(transmission, [sample_claims[0], sample_claims[2]], ControlNumbers(1, 1, 1))
    (claim_file,) = read_837p(text)
    taxonomies = {claim.claim_id: claim.billing_provider.taxonomy_code for claim in claim_file.claims}
    assert taxonomies == {"PCN1001": "261QP2300X", "PCN1003": ""}


def test_reader_rejects_mismatched_total(transmission: ClaimTransmission, sample_claims: list[Claim]) -> None:
    text = write_837p(transmission, sample_claims[:1], ControlNumbers(1, 1, 1))
    with pytest.raises(X12ParseError, match=r"CLM02") as caught:
        read_837p(text.replace("CLM*PCN1001*235.5*", "CLM*PCN1001*235.6*"))
    assert caught.value.segment_id == "CLM"
    assert caught.value.element_position == 2


def test_reader_rejects_non_837(transmission: ClaimTransmission, sample_claims: list[Claim]) -> None:
    text = write_837p(transmission, sample_claims[:1], ControlNumbers(1, 1, 1)).replace("ST*837*", "ST*835*")
    with pytest.raises(X12ParseError, match="expected transaction set 837"):
        read_837p(text)
