"""The add_attachment fix (a PWK for CO-16 N706 / CO-252) on CorrectionRequested and ResolveDenial v2: checked
as the 837P writer checks a PWK, refused naming the field; a line's own clinicians on EncounterLine."""

import pytest
from pydantic import ValidationError
from rcm_schemas import decode, encode
from rcm_schemas.envelope import new_message
from rcm_schemas.events import (
    AddAttachment,
    ClaimAttachment,
    CorrectionRequested,
    EncounterLine,
    ResolveDenial,
)


def _resolution(fix: dict[str, object]) -> ResolveDenial:
    return ResolveDenial(
        claim_id="CLM1",
        work_item_id="wi-1",
        resolution="corrected",
        fixes=(fix,),  # type: ignore[arg-type]
        requested_by="biller.lee",
    )


def test_an_attachment_fix_travels_on_a_correction_request() -> None:
    request = CorrectionRequested(
        claim_id="CLM1",
        denial_id="den-1",
        correction_id="cor-1",
        attempt=1,
        payer_claim_control_number="PCN1",
        reason_carc="252",
        fixes=(AddAttachment(report_type="09", transmission_code="FX", control_number="ACN-0042"),),
    )
    payload = decode(encode(new_message(request, producer="denials", tenant_id="clinic-1"))).payload
    assert isinstance(payload, CorrectionRequested) and payload.fixes == request.fixes
    assert payload.fixes[0].kind == "add_attachment"


def test_an_attachment_kept_at_the_office_needs_no_control_number() -> None:
    fix = _resolution({"kind": "add_attachment", "report_type": "B3", "transmission_code": "AA"}).fixes[0]
    assert isinstance(fix, AddAttachment) and fix.control_number is None


@pytest.mark.parametrize(
    ("fix", "field", "words"),
    [
        ({"report_type": "ZZ", "transmission_code": "FX", "control_number": "A1"}, "report_type", "PWK01"),
        ({"report_type": "09", "transmission_code": "XX", "control_number": "A1"}, "transmission_code", "AA"),
        ({"report_type": "09", "transmission_code": "FX"}, "control_number", "required unless"),
        ({"report_type": "09", "transmission_code": "EL", "control_number": "A*1"}, "control_number", "X12"),
        (
            {"report_type": "09", "transmission_code": "EL", "control_number": "A" * 51},
            "control_number",
            "50",
        ),
    ],
)
def test_an_attachment_the_writer_would_refuse_is_refused_naming_its_field(
    fix: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _resolution({"kind": "add_attachment", **fix})
    errors = [error for error in refused.value.errors() if field in map(str, error["loc"])]
    assert errors, refused.value.errors()
    assert words in errors[0]["msg"]


def test_a_line_names_its_ordering_provider_and_a_malformed_npi_is_refused() -> None:
    line = EncounterLine.model_validate(
        {
            "line_number": 1,
            "procedure_code": "85025",
            "ordering_provider": {"npi": "1003000126", "provider_last_name": "Orderer"},
        }
    )
    assert line.ordering_provider is not None and line.referring_provider is None
    with pytest.raises(ValidationError) as refused:
        EncounterLine.model_validate(
            {
                "line_number": 1,
                "procedure_code": "85025",
                "ordering_provider": {"npi": "12", "provider_last_name": "X"},
            }
        )
    assert refused.value.errors()[0]["loc"][:2] == ("ordering_provider", "npi")


def test_held_claim_attachments_are_checked_as_the_writer_checks_them() -> None:
    with pytest.raises(ValidationError) as refused:
        ClaimAttachment(report_type="ZZ", transmission_code="FX", control_number="ACN1")
    assert refused.value.errors()[0]["loc"] == ("report_type",)
    with pytest.raises(ValidationError) as unsafe:
        ClaimAttachment(report_type="09", transmission_code="FX", control_number="ACN~1")
    assert unsafe.value.errors()[0]["loc"] == ("control_number",)
