"""EncounterRegistered and EncounterCoded v2: the 837P detail facts, and old (v1) producers still understood."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from rcm_schemas import decode, encode
from rcm_schemas.events import EncounterCoded, EncounterLine, EncounterRegistered, LineDrug, RelatedCauses

GOLDEN_DIR = Path(__file__).parent / "golden"


@pytest.mark.parametrize("event_cls", [EncounterRegistered, EncounterCoded])
def test_a_v1_message_is_upcast_with_no_detail_facts(event_cls: type) -> None:
    message = decode((GOLDEN_DIR / f"{event_cls.EVENT_TYPE}.v1.json").read_bytes())
    assert type(message.payload) is event_cls and message.envelope.schema_version == 2
    facts = message.payload.facts
    assert facts.referring_provider is None and facts.clia_number is None and facts.related_causes is None
    assert facts.amount_paid_at_visit is None and facts.service_site is None
    lines = message.payload.lines if event_cls is EncounterCoded else message.payload.selected_lines
    assert lines and all(type(line) is EncounterLine and line.drug is None for line in lines)
    assert decode(encode(message)) == message


def test_a_v2_message_carries_the_detail_facts() -> None:
    message = decode((GOLDEN_DIR / "EncounterCoded.v2.json").read_bytes())
    facts = message.payload.facts
    assert facts.referring_provider.npi == "1003000126"
    assert facts.clia_number == "14D0987654"
    assert facts.related_causes == RelatedCauses(
        codes=("AA",), accident_state="IL", accident_date=date(2025, 2, 20)
    )
    assert facts.amount_paid_at_visit == Decimal("25.00")
    drug_lines = [line for line in message.payload.lines if line.drug is not None]
    assert [line.drug.ndc for line in drug_lines] == ["00641037621"]


@pytest.mark.parametrize("ndc", ["0064103762", "00641-0376-21", "0064103762A"])
def test_an_ndc_must_be_eleven_digits(ndc: str) -> None:
    with pytest.raises(ValidationError, match="ndc"):
        LineDrug(ndc=ndc, quantity=Decimal("1"), unit="ML")


def test_a_clia_number_has_the_d_layout() -> None:
    message = decode((GOLDEN_DIR / "EncounterCoded.v2.json").read_bytes())
    with pytest.raises(ValidationError, match="clia_number"):
        message.payload.facts.model_validate(
            {**message.payload.facts.model_dump(), "clia_number": "14X0987654"}
        )


def test_a_held_claim_details_command_must_set_something_and_attachments_need_their_number() -> None:
    from rcm_schemas.events import ClaimAttachment, HeldClaimDetails

    with pytest.raises(ValidationError, match="at least one detail"):
        HeldClaimDetails()
    with pytest.raises(ValidationError, match="control_number"):
        ClaimAttachment(report_type="09", transmission_code="FX")
    assert ClaimAttachment(report_type="OZ", transmission_code="AA").control_number is None
    details = HeldClaimDetails(clia_number="14D0987654")
    assert details.attachments is None and details.line_drugs == ()
