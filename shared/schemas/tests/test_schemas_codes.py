import pytest
from pydantic import TypeAdapter, ValidationError
from rcm_schemas.codes import (
    CarcCode,
    ClaimId,
    Icd10Code,
    ModifierCode,
    Npi,
    PlaceOfServiceCode,
    ProcedureCode,
    RarcCode,
)


def test_icd10_is_stored_uppercase_without_dot() -> None:
    adapter: TypeAdapter[str] = TypeAdapter(Icd10Code)
    assert adapter.validate_python("e11.9") == "E119"
    assert adapter.validate_python(" S72.001A ") == "S72001A"
    assert adapter.validate_python("M1A") == "M1A"


@pytest.mark.parametrize(("code_type", "good", "bad"), [
    (Icd10Code, ["E11", "I10", "Z0000"], ["11E", "E1", "E11.9999999", "E1!"]),
    (ProcedureCode, ["99213", "0001T", "1234F", "G2012", "j3490"], ["9921", "992130", "GG201", "A12B4"]),
    (ModifierCode, ["25", "59", "xu", "95"], ["5", "259", "-1"]),
    (PlaceOfServiceCode, ["02", "10", "11"], ["2", "1A", "011"]),
    (Npi, ["1234567893"], ["123456789", "12345678901", "123456789A"]),
    (CarcCode, ["4", "45", "B7", "197"], ["", "1234", "4-"]),
    (RarcCode, ["N130", "M15", "MA130"], ["130", "N", "NNN1"]),
    (ClaimId, ["CLM000123", "3f1c2a9e-1b2c-4d5e-8f90-112233445566"], ["", "x" * 39, "CLM 1"]),
])  # fmt: skip
def test_code_shapes(code_type: object, good: list[str], bad: list[str]) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(code_type)
    for value in good:
        adapter.validate_python(value)
    for value in bad:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)
