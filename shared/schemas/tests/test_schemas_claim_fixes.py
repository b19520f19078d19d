"""The code-changing fixes (v2 of UpdateHeldClaim, CorrectionRequested, ResolveDenial): v1 messages upcast
unchanged, and a malformed code or position is refused naming its field."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from rcm_schemas import decode, encode
from rcm_schemas.events import (
    ChangeProcedureCode,
    CorrectionRequested,
    ReplaceDiagnosis,
    ResolveDenial,
    SetDiagnoses,
    UpdateHeldClaim,
)

GOLDEN_DIR = Path(__file__).parent / "golden"


@pytest.mark.parametrize("event_class", [UpdateHeldClaim, CorrectionRequested, ResolveDenial])
def test_a_v1_message_is_upcast_to_v2_with_the_same_fixes(event_class: type) -> None:
    raw = (GOLDEN_DIR / f"{event_class.EVENT_TYPE}.v1.json").read_bytes()
    message = decode(raw)
    assert type(message.payload) is event_class and message.envelope.schema_version == 2
    v1_fixes = json.loads(raw)["payload"]["fixes"]
    assert [fix.model_dump(mode="json", exclude_none=True) for fix in message.payload.fixes] == [
        {k: v for k, v in fix.items() if v is not None} for fix in v1_fixes
    ]
    assert decode(encode(message)) == message


def test_the_code_changing_fixes_carry_their_codes() -> None:
    command = UpdateHeldClaim(
        claim_id="CLM1",
        work_item_id="wi-1",
        requested_by="biller.lee",
        fixes=(
            ReplaceDiagnosis(position=2, diagnosis_code="m1711"),
            SetDiagnoses(diagnoses=("E119", "I10")),
            ChangeProcedureCode(line_number=1, procedure_code="99214"),
        ),
    )
    assert [fix.kind for fix in command.fixes] == [
        "replace_diagnosis",
        "set_diagnoses",
        "change_procedure_code",
    ]


@pytest.mark.parametrize(
    ("fix", "field"),
    [
        ({"kind": "replace_diagnosis", "position": 13, "diagnosis_code": "I10"}, "position"),
        ({"kind": "replace_diagnosis", "position": 1, "diagnosis_code": "10I"}, "diagnosis_code"),
        ({"kind": "set_diagnoses", "diagnoses": []}, "diagnoses"),
        ({"kind": "change_procedure_code", "line_number": 1, "procedure_code": "9921"}, "procedure_code"),
        ({"kind": "change_procedure_code", "line_number": 0, "procedure_code": "99214"}, "line_number"),
    ],
)
def test_a_malformed_fix_is_refused_naming_the_field(fix: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ResolveDenial(
            claim_id="CLM1",
            work_item_id="wi-1",
            resolution="corrected",
            fixes=(fix,),
            requested_by="coder.kim",
        )  # type: ignore[arg-type]
    assert any(field in map(str, error["loc"]) for error in refused.value.errors())
