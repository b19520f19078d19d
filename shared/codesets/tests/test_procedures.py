from datetime import date
from pathlib import Path

from rcm_codesets import (
    CptCatalog,
    add_on_missing_primary,
    hcpcs_code,
    hcpcs_is_valid_on,
    import_licensed_cpt_file,
    is_billable_on,
    procedure_code,
)


def test_terminated_hcpcs_code_invalid_after_term_date() -> None:
    record = hcpcs_code("J1030")
    assert record is not None and record.termination_date == date(2024, 3, 31)
    assert hcpcs_is_valid_on("J1030", date(2024, 3, 31))
    assert not hcpcs_is_valid_on("J1030", date(2024, 4, 1))
    assert hcpcs_is_valid_on("J1010", date(2024, 4, 1))
    assert not hcpcs_is_valid_on("J1010", date(2024, 3, 31))


def test_g2012_replaced_by_98016_in_2025() -> None:
    assert is_billable_on("G2012", date(2024, 12, 31))
    assert not is_billable_on("G2012", date(2025, 1, 1))
    assert is_billable_on("98016", date(2025, 1, 1))
    assert not is_billable_on("98016", date(2024, 12, 31))


def test_99441_deleted_2025() -> None:
    before = procedure_code("99441", on=date(2024, 12, 31))
    after = procedure_code("99441", on=date(2025, 2, 1))
    assert before is not None and before.billable_on_date
    assert after is not None and not after.billable_on_date and after.kind == "CPT"


def test_cpt_demo_lookup_has_our_label_and_no_description() -> None:
    found = procedure_code("99213", on=date(2025, 6, 1))
    assert found is not None and found.kind == "CPT" and found.billable_on_date
    assert found.our_label and found.description is None
    assert procedure_code("99999", on=date(2025, 6, 1)) is None


def test_hcpcs_lookup_shares_the_api() -> None:
    found = procedure_code("g2211", on=date(2025, 6, 1))
    assert found is not None and found.kind == "HCPCS" and found.is_add_on
    assert "99213" in found.primary_codes


def test_add_on_rules() -> None:
    biopsy = procedure_code("11103", on=date(2025, 6, 1))
    assert biopsy is not None and biopsy.is_add_on and biopsy.primary_codes == ("11102",)
    prolonged = procedure_code("99417", on=date(2025, 6, 1))
    assert prolonged is not None and set(prolonged.primary_codes) == {"99205", "99215"}
    assert add_on_missing_primary("90785", ["99213"], date(2025, 6, 1))
    assert not add_on_missing_primary("90785", ["90834"], date(2025, 6, 1))
    assert not add_on_missing_primary("99213", [], date(2025, 6, 1))


def test_licensed_cpt_import(tmp_path: Path) -> None:
    licensed = tmp_path / "cpt.txt"
    licensed.write_text(
        "CODE\tDESC\tEFF\nnotice line\t\t\n99213\tLicensed text A\t\n0001U\tLicensed lab\t20250101\n"
    )
    catalog = CptCatalog()
    count = import_licensed_cpt_file(
        licensed, code_column="CODE", description_column="DESC", effective_from_column="EFF", catalog=catalog
    )
    assert count == 2
    lab = catalog.get("0001U")
    assert (
        lab is not None
        and lab.licensed_description == "Licensed lab"
        and lab.effective_from == date(2025, 1, 1)
    )


def test_licensed_import_enriches_the_shared_catalog(tmp_path: Path) -> None:
    licensed = tmp_path / "cpt.csv"
    licensed.write_text("99214,Licensed text\n")
    assert import_licensed_cpt_file(licensed, code_column=0, description_column=1, has_header=False) == 1
    found = procedure_code("99214", on=date(2025, 6, 1))
    assert found is not None and found.description == "Licensed text" and found.our_label
