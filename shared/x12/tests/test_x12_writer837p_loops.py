"""The payer-complete 837P parts: 2300 CLM11/CLM20, DTP*431/439, PWK, AMT*F5, REF*X4; loops 2310A/C/D; 2400
REF*X4; loop 2410; loops 2420A/D/E/F. Each expected segment is written out by hand from the 005010X222A1 guide,
and where the guide fixes an order, the test checks the segment's neighbours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from rcm_x12.claim837 import Address, Claim, ClaimTransmission, NamedProvider, RelatedCauses, ServiceFacility
from rcm_x12.envelope import ControlNumbers
from rcm_x12.writer837p import write_837p

CONTROLS = ControlNumbers(21, 22, 23)


def _segments(transmission: ClaimTransmission, claim: Claim) -> list[str]:
    return write_837p(transmission, [claim], CONTROLS).split("~")


def _after(segments: list[str], segment: str) -> str:
    return segments[segments.index(segment) + 1]


def test_clm_carries_related_causes_with_the_accident_state_and_the_delay_reason(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    # CLM11: AA and EM in -1/-2, -3 unused, IL in -4; CLM12-CLM19 empty, CLM20 = 7.
    assert "CLM*PCN2001*87***11:B:1*Y*A*Y*Y**AA:EM::IL*********7" in segments


def test_clm_without_related_causes_or_delay_reason_ends_at_clm09(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    claim = replace(payer_complete_claim, delay_reason_code="", related_causes=None, onset_date=None)
    segments = _segments(transmission, claim)
    assert "CLM*PCN2001*87***11:B:1*Y*A*Y*Y" in segments
    assert not any(segment.startswith(("DTP*439", "DTP*431")) for segment in segments)


def test_clm_with_one_other_accident_cause_has_no_state(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    causes = RelatedCauses(("OA",), accident_date=date(2024, 2, 28))
    segments = _segments(transmission, replace(payer_complete_claim, related_causes=causes, onset_date=None))
    clm = segments.index("CLM*PCN2001*87***11:B:1*Y*A*Y*Y**OA*********7")
    assert segments[clm + 1] == "DTP*439*D8*20240228"


def test_onset_then_accident_date_follow_clm(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    clm = next(i for i, segment in enumerate(segments) if segment.startswith("CLM*"))
    assert segments[clm + 1 : clm + 3] == ["DTP*431*D8*20240301", "DTP*439*D8*20240301"]


def test_attachments_follow_the_dates_and_precede_the_patient_amount_paid(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    # PWK05 AC + PWK06 the control number; an attachment kept at the office (AA) has no control number.
    assert _after(segments, "DTP*439*D8*20240301") == "PWK*09*FX***AC*ATT20240304A"
    assert _after(segments, "PWK*09*FX***AC*ATT20240304A") == "PWK*OZ*AA"
    assert _after(segments, "PWK*OZ*AA") == "AMT*F5*25"


def test_patient_amount_paid_precedes_the_claim_references(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(
        transmission, replace(payer_complete_claim, patient_paid=payer_complete_claim.lines[0].charge)
    )
    assert _after(segments, "AMT*F5*42") == "REF*G1*AUTH7788"


def test_claim_clia_follows_the_other_claim_references_and_precedes_hi(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    replacement = replace(payer_complete_claim, frequency_code="7", original_claim_number="PAYERICN1")
    segments = _segments(transmission, replacement)
    assert _after(segments, "REF*G1*AUTH7788") == "REF*F8*PAYERICN1"
    assert _after(segments, "REF*F8*PAYERICN1") == "REF*X4*14D0123456"
    assert _after(segments, "REF*X4*14D0123456") == "HI*ABK:S93401A*ABF:E119"


def test_2310a_referring_provider_opens_the_provider_loops(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    assert _after(segments, "HI*ABK:S93401A*ABF:E119") == "NM1*DN*1*KILDARE*JAMES****XX*1234567893"
    assert (
        _after(segments, "NM1*DN*1*KILDARE*JAMES****XX*1234567893") == "NM1*82*1*SMITH*ANNA****XX*1666666668"
    )


def test_2310c_service_facility_follows_2310b_with_its_address(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    facility = segments.index("NM1*77*2*SPRINGFIELD SATELLITE SITE*****XX*1467560003")
    assert segments[facility - 1] == "PRV*PE*PXC*207Q00000X"  # the end of 2310B
    assert segments[facility + 1 : facility + 3] == ["N3*45 ELM ST", "N4*SPRINGFIELD*IL*627029876"]


def test_2310c_without_an_npi_is_named_and_addressed_only(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    site = ServiceFacility("COUNTY HOSPITAL OPD", Address("1 HOSPITAL RD", "DECATUR", "IL", "625231000"))
    segments = _segments(transmission, replace(payer_complete_claim, service_facility=site))
    assert _after(segments, "NM1*77*2*COUNTY HOSPITAL OPD") == "N3*1 HOSPITAL RD"


def test_2310c_is_not_written_at_the_billing_providers_own_address(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    clinic = payer_complete_claim.billing_provider
    site = ServiceFacility("SPRINGFIELD FAMILY CLINIC", clinic.address, clinic.npi)
    segments = _segments(transmission, replace(payer_complete_claim, service_facility=site))
    assert not any(segment.startswith("NM1*77*") for segment in segments)
    assert segments.count("N3*200 CLINIC DR*SUITE 4") == 1  # 2010AA only


def test_2310d_supervising_provider_closes_the_provider_loops(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    supervising = segments.index("NM1*DQ*1*WELBY*MARCUS****XX*1111111112")
    assert segments[supervising - 1] == "N4*SPRINGFIELD*IL*627029876"  # the end of 2310C
    assert segments[supervising + 1] == "LX*1"


def test_line_clia_follows_the_line_control_number(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    assert _after(segments, "REF*6R*LN2001-2") == "REF*X4*14D0987654"


def test_2410_drug_identification_follows_the_line_references(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    lin = segments.index("LIN**N4*00409378501")
    assert segments[lin - 1] == "REF*6R*LN2001-1"
    assert segments[lin + 1 : lin + 3] == ["CTP****4*ML", "REF*XZ*RX55821"]
    assert segments[lin + 3] == "NM1*82*1*OKAFOR*CHIDI****XX*1222222220"  # 2420A after 2410


def test_2410_without_a_prescription_number_has_no_ref(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    line = payer_complete_claim.lines[0]
    assert line.drug is not None
    drug = replace(line.drug, prescription_number="", quantity=line.drug.quantity / 8, unit="UN")
    claim = replace(payer_complete_claim, lines=(replace(line, drug=drug), payer_complete_claim.lines[1]))
    segments = _segments(transmission, claim)
    assert _after(segments, "LIN**N4*00409378501") == "CTP****0.5*UN"
    assert _after(segments, "CTP****0.5*UN") == "NM1*82*1*OKAFOR*CHIDI****XX*1222222220"


def test_2420a_rendering_with_taxonomy_then_2420d_and_2420f(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    rendering = segments.index("NM1*82*1*OKAFOR*CHIDI****XX*1222222220")
    assert segments[rendering + 1 : rendering + 4] == [
        "PRV*PE*PXC*207R00000X",
        "NM1*DQ*1*BERG*LENA****XX*1333333338",
        "NM1*DN*1*NAKAMURA*KEN****XX*1444444446",
    ]
    assert segments[rendering + 4] == "LX*2"


def test_2420e_ordering_provider_with_middle_name_ends_the_lab_line(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    segments = _segments(transmission, payer_complete_claim)
    assert _after(segments, "REF*X4*14D0987654") == "NM1*DK*1*PATEL*RAVI*K***XX*1555555550"
    assert _after(segments, "NM1*DK*1*PATEL*RAVI*K***XX*1555555550").startswith("SE*")


def test_line_providers_equal_to_the_claims_are_not_repeated(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    claim = payer_complete_claim
    same = replace(
        claim.lines[0],
        # The claim's 2310B (same NPI and taxonomy), 2310D and 2310A people, under other spellings.
        rendering_provider=NamedProvider("SMITH", "1666666668", "A", taxonomy_code="207Q00000X"),
        supervising_provider=NamedProvider("WELBY", "1111111112"),
        referring_provider=NamedProvider("KILDARE", "1234567893", "J"),
    )
    segments = _segments(transmission, replace(claim, lines=(same, claim.lines[1])))
    assert _after(segments, "REF*XZ*RX55821") == "LX*2"


def test_a_line_rendering_provider_is_compared_with_the_billing_provider_when_there_is_no_2310b(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    claim = replace(payer_complete_claim, rendering_provider=None)
    billing_npi = claim.billing_provider.npi
    as_billing = replace(claim.lines[0], rendering_provider=NamedProvider("CLINIC", billing_npi))
    segments = _segments(transmission, replace(claim, lines=(as_billing, claim.lines[1])))
    assert not any(segment.startswith("NM1*82*") for segment in segments)


def test_a_file_using_every_new_field_passes_pyx12(
    transmission: ClaimTransmission,
    payer_complete_claim: Claim,
    sample_claims: list[Claim],
    pyx12_errors: Callable[[str], list[str]],
) -> None:
    text = write_837p(transmission, [payer_complete_claim, *sample_claims], CONTROLS, line_breaks=True)
    assert pyx12_errors(text) == []
    for loop_start in ("NM1*DN*1*", "NM1*77*2*", "NM1*DQ*1*", "LIN**N4*", "NM1*DK*1*", "PWK*", "AMT*F5*"):
        assert loop_start in text
