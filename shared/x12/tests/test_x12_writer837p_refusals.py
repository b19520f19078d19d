"""What the 837P writer refuses in the payer-complete fields: each refusal names the model field and its
element, never the value (which may be a patient's data)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from rcm_x12.claim837 import Address, Attachment, Claim, ClaimTransmission, NamedProvider, RelatedCauses
from rcm_x12.envelope import ControlNumbers
from rcm_x12.errors import X12BuildError
from rcm_x12.writer837p import write_837p

CONTROLS = ControlNumbers(31, 32, 33)
Change = Callable[[Claim], Claim]


def _refusal(transmission: ClaimTransmission, claim: Claim) -> str:
    with pytest.raises(X12BuildError) as caught:
        write_837p(transmission, [claim], CONTROLS)
    return str(caught.value)


def _first_line(change: Callable[..., object], **values: object) -> Change:
    def changed(claim: Claim) -> Claim:
        return replace(claim, lines=(change(claim.lines[0], **values), *claim.lines[1:]))  # type: ignore[arg-type]

    return changed


def _drug(**values: object) -> Change:
    def changed(claim: Claim) -> Claim:
        line = claim.lines[0]
        assert line.drug is not None
        return replace(claim, lines=(replace(line, drug=replace(line.drug, **values)), *claim.lines[1:]))  # type: ignore[arg-type]

    return changed


@pytest.mark.parametrize("ndc", ["0040937850", "004093785011", "00409-3785-01", "0040937850A"])
def test_an_ndc_that_is_not_11_digits_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, ndc: str
) -> None:
    message = _refusal(transmission, _drug(ndc=ndc)(payer_complete_claim))
    assert "line 1 drug.ndc (LIN03) must be an 11-digit NDC" in message
    assert ndc not in message


@pytest.mark.parametrize("unit", ["MG", "ml", "", "EA"])
def test_a_drug_unit_outside_the_guides_list_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, unit: str
) -> None:
    message = _refusal(transmission, _drug(unit=unit)(payer_complete_claim))
    assert "line 1 drug.unit (CTP05-1) must be one of F2, GR, ME, ML, UN" in message


@pytest.mark.parametrize("quantity", [Decimal("0"), Decimal("-1"), Decimal("NaN")])
def test_a_drug_quantity_that_is_not_positive_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, quantity: Decimal
) -> None:
    message = _refusal(transmission, _drug(quantity=quantity)(payer_complete_claim))
    assert "line 1 drug.quantity (CTP04) must be greater than 0" in message


@pytest.mark.parametrize("clia", ["14D012345", "14D01234567", "14X0123456", "1AD0123456", "14d0123456"])
def test_a_claim_clia_not_2_digits_d_7_digits_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, clia: str
) -> None:
    message = _refusal(transmission, replace(payer_complete_claim, clia_number=clia))
    assert "clia_number (2300 REF*X4) must be 2 digits, D, 7 digits" in message
    assert clia not in message


def test_a_line_clia_not_2_digits_d_7_digits_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    claim = payer_complete_claim
    bad_line = replace(claim.lines[1], clia_number="14D098765")
    message = _refusal(transmission, replace(claim, lines=(claim.lines[0], bad_line)))
    assert "line 2 clia_number (2400 REF*X4) must be 2 digits, D, 7 digits" in message


@pytest.mark.parametrize("state", ["", "Il", "ILL"])
def test_an_auto_accident_without_its_state_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, state: str
) -> None:
    causes = RelatedCauses(("AA",), state, date(2024, 3, 1))
    message = _refusal(transmission, replace(payer_complete_claim, related_causes=causes))
    assert "related_causes.accident_state (CLM11-4) is required with AA" in message


@pytest.mark.parametrize("codes", [("AA",), ("OA",), ("EM", "OA")])
def test_an_accident_without_its_date_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, codes: tuple[str, ...]
) -> None:
    causes = RelatedCauses(codes, "IL")
    message = _refusal(transmission, replace(payer_complete_claim, related_causes=causes))
    assert "related_causes.accident_date (DTP*439) is required with AA or OA" in message


def test_employment_alone_needs_no_accident_date(
    transmission: ClaimTransmission, payer_complete_claim: Claim, pyx12_errors: Callable[[str], list[str]]
) -> None:
    claim = replace(payer_complete_claim, related_causes=RelatedCauses(("EM",)))
    assert pyx12_errors(write_837p(transmission, [claim], CONTROLS)) == []


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ((), "must hold one or two different codes"),
        (("AA", "EM", "OA"), "must hold one or two different codes"),
        (("EM", "EM"), "must hold one or two different codes"),
        (("XX",), "must be AA, EM or OA"),
    ],
)
def test_related_cause_codes_outside_clm11s_rules_are_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, codes: tuple[str, ...], expected: str
) -> None:
    causes = RelatedCauses(codes, "IL", date(2024, 3, 1))
    message = _refusal(transmission, replace(payer_complete_claim, related_causes=causes))
    assert f"related_causes.codes (CLM11-1/-2) {expected}" in message


def test_more_than_ten_attachments_are_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    eleven = tuple(Attachment("09", "FX", f"ATT{number}") for number in range(11))
    message = _refusal(transmission, replace(payer_complete_claim, attachments=eleven))
    assert "attachments (PWK) may hold at most 10" in message


def test_ten_attachments_are_fine(
    transmission: ClaimTransmission, payer_complete_claim: Claim, pyx12_errors: Callable[[str], list[str]]
) -> None:
    ten = tuple(Attachment("09", "FX", f"ATT{number}") for number in range(10))
    text = write_837p(transmission, [replace(payer_complete_claim, attachments=ten)], CONTROLS)
    assert pyx12_errors(text) == []
    assert text.count("~PWK*09*FX***AC*ATT") == 10


@pytest.mark.parametrize("transmission_code", ["XX", "", "fx", "AB"])
def test_an_attachment_transmission_code_outside_the_allowed_set_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, transmission_code: str
) -> None:
    attachments = (Attachment("09", transmission_code, "ATT1"),)
    message = _refusal(transmission, replace(payer_complete_claim, attachments=attachments))
    assert "attachments[1].transmission_code (PWK02) must be one of AA, BM, EL, EM, FT, FX" in message


@pytest.mark.parametrize("transmission_code", ["BM", "EL", "EM", "FT", "FX"])
def test_an_attachment_sent_without_its_control_number_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, transmission_code: str
) -> None:
    attachments = (Attachment("OZ", "AA", ""), Attachment("09", transmission_code, ""))
    message = _refusal(transmission, replace(payer_complete_claim, attachments=attachments))
    assert "attachments[2].control_number (PWK06) is required unless PWK02 is AA" in message


def test_an_attachment_report_type_outside_the_guides_list_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    attachments = (Attachment("ZZ", "FX", "ATT1"),)
    message = _refusal(transmission, replace(payer_complete_claim, attachments=attachments))
    assert "attachments[1].report_type (PWK01) is not an attachment report type code" in message


@pytest.mark.parametrize("code", ["12", "13", "14", "16", "0", "A"])
def test_a_delay_reason_outside_the_5010_list_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, code: str
) -> None:
    message = _refusal(transmission, replace(payer_complete_claim, delay_reason_code=code))
    assert "delay_reason_code (CLM20) must be one of 1-11 or 15" in message


@pytest.mark.parametrize("code", ["1", "10", "11", "15"])
def test_every_5010_delay_reason_is_written(
    transmission: ClaimTransmission, payer_complete_claim: Claim, code: str
) -> None:
    text = write_837p(transmission, [replace(payer_complete_claim, delay_reason_code=code)], CONTROLS)
    assert re.search(rf"~CLM\*[^~]*\*{code}~", text)


def test_a_negative_patient_amount_paid_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim
) -> None:
    message = _refusal(transmission, replace(payer_complete_claim, patient_paid=Decimal("-5.00")))
    assert "patient_paid (AMT*F5) must not be negative" in message


BAD_NPI = "1234567890"  # the check digit of 123456789 is 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: replace(c, referring_provider=NamedProvider("KILDARE", BAD_NPI)), "referring_provider"),
        (lambda c: replace(c, supervising_provider=NamedProvider("WELBY", BAD_NPI)), "supervising_provider"),
        (
            lambda c: replace(c, service_facility=replace(c.service_facility, npi=BAD_NPI)),
            "service_facility",
        ),
        (
            _first_line(replace, rendering_provider=NamedProvider("OKAFOR", BAD_NPI)),
            "line 1 rendering_provider",
        ),
        (
            _first_line(replace, supervising_provider=NamedProvider("BERG", BAD_NPI)),
            "line 1 supervising_provider",
        ),
        (
            _first_line(replace, ordering_provider=NamedProvider("PATEL", "155555555")),
            "line 1 ordering_provider",
        ),
        (_first_line(replace, referring_provider=NamedProvider("NAKAMURA", "")), "line 1 referring_provider"),
    ],
)
def test_a_provider_npi_failing_the_check_digit_is_refused(
    transmission: ClaimTransmission, payer_complete_claim: Claim, change: Change, field: str
) -> None:
    message = _refusal(transmission, change(payer_complete_claim))
    assert f"{field} NM109 is not a valid NPI" in message
    assert BAD_NPI not in message


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            lambda c: replace(c, referring_provider=NamedProvider("KIL*DARE", "1234567893")),
            "referring_provider.last_name (NM103) holds the delimiter '*'",
        ),
        (
            lambda c: replace(c, service_facility=replace(c.service_facility, name="SITE~NM1")),
            "service_facility.name (NM103) holds the delimiter '~'",
        ),
        (
            lambda c: replace(
                c,
                service_facility=replace(
                    c.service_facility, address=Address("45 ÉLM ST", "SPRINGFIELD", "IL", "627029876")
                ),
            ),
            "service_facility.address.line1 (N301) holds a character outside the X12 extended character set",
        ),
        (
            lambda c: replace(c, attachments=(Attachment("09", "FX", "ATT:1"),)),
            "attachments[1].control_number (PWK06) holds the delimiter ':'",
        ),
        (
            _drug(prescription_number="RX\n1"),
            "line 1 drug.prescription_number (REF02) holds a character outside",
        ),
        (
            _first_line(replace, ordering_provider=NamedProvider("PATEL", "1555555550", "RAVI", "K^")),
            "line 1 ordering_provider.middle_name (NM105) holds the delimiter '^'",
        ),
    ],
)
def test_text_outside_the_x12_character_set_is_refused_naming_the_field(
    transmission: ClaimTransmission, payer_complete_claim: Claim, change: Change, named: str
) -> None:
    assert named in _refusal(transmission, change(payer_complete_claim))
