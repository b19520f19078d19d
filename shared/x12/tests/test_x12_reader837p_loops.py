"""read_837p and the payer-complete parts: a hand-written 837P (data/payer_complete_837p.x12, not made by our
writer) and the round trip writer -> reader for a claim using every new field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rcm_x12.claim837 import (
    Address,
    Attachment,
    Claim,
    ClaimTransmission,
    DrugIdentification,
    NamedProvider,
    RelatedCauses,
    ServiceFacility,
)
from rcm_x12.envelope import ControlNumbers
from rcm_x12.errors import X12ParseError
from rcm_x12.reader837p import read_837p
from rcm_x12.writer837p import write_837p

HAND_WRITTEN = (Path(__file__).parent / "data" / "payer_complete_837p.x12").read_text()


def _read_hand_written(text: str = HAND_WRITTEN) -> dict[str, Claim]:
    (claim_file,) = read_837p(text)
    return {claim.claim_id: claim for claim in claim_file.claims}


def test_the_hand_written_file_is_valid_5010(pyx12_errors: Callable[[str], list[str]]) -> None:
    assert pyx12_errors(HAND_WRITTEN) == []


def test_the_claim_level_parts_of_a_hand_written_file_are_read() -> None:
    claim = _read_hand_written()["NS500"]
    assert claim.related_causes == RelatedCauses(("AA", "OA"), "WI", date(2024, 3, 18))
    assert claim.delay_reason_code == "1"
    assert claim.onset_date == date(2024, 3, 20)
    assert claim.attachments == (Attachment("OZ", "AA", ""), Attachment("B3", "EL", "NS500-ORDER"))
    assert claim.patient_paid == Decimal("12.34")
    assert claim.clia_number == "05D0987654"
    assert claim.referring_provider == NamedProvider("OSEI", "1777777776", "AMA")
    assert claim.service_facility == ServiceFacility(
        "NORTHSIDE URGENT CARE", Address("88 DIVISION ST", "CHICAGO", "IL", "606105678", "UNIT 2")
    )
    assert claim.supervising_provider == NamedProvider("LINDQVIST", "1888888884", "ERIK")
    assert claim.rendering_provider is None
    assert claim.patient is not None and claim.patient.first_name == "LUCAS"


def test_the_line_level_parts_of_a_hand_written_file_are_read() -> None:
    injection, lab = _read_hand_written()["NS500"].lines
    assert injection.drug == DrugIdentification("00003029320", Decimal("40"), "ME")
    assert injection.rendering_provider == NamedProvider(
        "HOLM", "1999999992", "ASTA", taxonomy_code="207X00000X"
    )
    assert (injection.clia_number, injection.ordering_provider, injection.referring_provider) == (
        "",
        None,
        None,
    )
    assert lab.drug is None
    assert lab.clia_number == "05D1111111"
    assert lab.ordering_provider == NamedProvider("FERRARI", "1666666668", "GIULIA", "M")
    assert lab.referring_provider == NamedProvider("OKAFOR", "1222222220", "CHIDI")
    assert (lab.rendering_provider, lab.supervising_provider) == (None, None)


def test_a_line_service_facility_does_not_replace_the_claims() -> None:
    # Loop 2420C (the reference lab) is not modelled: its NM1*77/N3/N4 must not overwrite 2310C.
    claim = _read_hand_written()["NS500"]
    assert claim.service_facility is not None
    assert claim.service_facility.name == "NORTHSIDE URGENT CARE"


def test_nothing_of_one_claim_leaks_into_the_next() -> None:
    plain = _read_hand_written()["NS501"]
    assert plain == replace(
        plain,
        referring_provider=None,
        service_facility=None,
        supervising_provider=None,
        clia_number="",
        attachments=(),
        delay_reason_code="",
        related_causes=None,
        onset_date=None,
        patient_paid=None,
    )
    assert plain.lines[0].drug is None and plain.lines[0].ordering_provider is None


def test_round_trip_of_a_claim_using_every_new_field(
    transmission: ClaimTransmission, payer_complete_claim: Claim, sample_claims: list[Claim]
) -> None:
    text = write_837p(transmission, [payer_complete_claim, sample_claims[1]], ControlNumbers(5, 6, 7))
    (claim_file,) = read_837p(text)
    read_back = claim_file.claims[0]
    diagnoses = tuple(code.replace(".", "") for code in payer_complete_claim.diagnosis_codes)
    assert read_back == replace(payer_complete_claim, diagnosis_codes=diagnoses)
    assert claim_file.claims[1].service_facility is None  # the dependent's claim after it has none


def test_round_trip_drops_what_the_writer_leaves_out_on_purpose(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    # 2310C at the billing address and a line provider equal to the claim's are not written, so not read.
    claim = payer_complete_claim
    at_clinic = ServiceFacility("CLINIC", claim.billing_provider.address)
    assert claim.referring_provider is not None
    line = replace(claim.lines[0], referring_provider=claim.referring_provider)
    written = replace(claim, service_facility=at_clinic, lines=(line, claim.lines[1]))
    (claim_file,) = read_837p(write_837p(transmission, [written], ControlNumbers(5, 6, 7)))
    (read_back,) = claim_file.claims
    assert read_back.service_facility is None
    assert read_back.lines[0].referring_provider is None
    assert read_back.referring_provider == claim.referring_provider


def test_an_accident_date_without_related_causes_is_a_reader_problem() -> None:
    text = HAND_WRITTEN.replace("*Y*A*Y*Y**AA:OA::WI*********1~", "*Y*A*Y*Y~")
    with pytest.raises(X12ParseError, match="accident date without CLM11") as caught:
        read_837p(text)
    assert (caught.value.segment_id, caught.value.segment_position) == (
        "DTP",
        28,
    )  # the file's 28th segment, counting ISA and GS


def test_a_drug_without_its_quantity_is_a_reader_problem() -> None:
    text = HAND_WRITTEN.replace("CTP****40*ME~\n", "").replace("SE*65*", "SE*64*")
    with pytest.raises(X12ParseError, match="without its CTP quantity") as caught:
        read_837p(text)
    assert caught.value.segment_id == "LIN"


def test_a_drug_identified_other_than_by_ndc_is_a_reader_problem() -> None:
    with pytest.raises(X12ParseError, match=r"LIN02 N4") as caught:
        read_837p(HAND_WRITTEN.replace("LIN**N4*", "LIN**UP*"))
    assert (caught.value.segment_id, caught.value.element_position) == ("LIN", 2)


def test_a_service_facility_without_its_address_is_a_reader_problem() -> None:
    text = HAND_WRITTEN.replace("N3*88 DIVISION ST*UNIT 2~\nN4*CHICAGO*IL*606105678~\n", "")
    with pytest.raises(X12ParseError, match="service facility has no N3/N4"):
        read_837p(text.replace("SE*65*", "SE*63*"))


def test_a_line_reference_stays_on_its_line() -> None:
    # A line's own prior authorization (2400 REF*G1) is not the claim's (2300 REF*G1), which this claim lacks.
    text = HAND_WRITTEN.replace(
        "DTP*472*D8*20240320~\nREF*X4*", "DTP*472*D8*20240320~\nREF*G1*LINEAUTH~\nREF*X4*"
    )
    claim = _read_hand_written(text.replace("SE*65*", "SE*66*"))["NS500"]
    assert claim.prior_authorization == ""
    assert claim.lines[1].clia_number == "05D1111111"
