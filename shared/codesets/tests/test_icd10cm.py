from datetime import date

from rcm_codesets import (
    format_icd10cm,
    icd10cm_demographic_hint,
    icd10cm_description,
    icd10cm_exists,
    icd10cm_is_billable,
    icd10cm_release,
    iter_billable_icd10cm,
    normalize_icd10cm,
    search_icd10cm,
)


def test_header_code_exists_but_is_not_billable() -> None:
    assert icd10cm_exists("E11")
    assert not icd10cm_is_billable("E11")
    assert icd10cm_is_billable("E11.9")
    assert icd10cm_is_billable("e119")


def test_codes_needing_seventh_character_are_only_billable_with_it() -> None:
    assert not icd10cm_is_billable("S52.501")
    assert icd10cm_is_billable("S52.501A")


def test_chapters_blocks_and_garbage_are_not_codes() -> None:
    assert not icd10cm_exists("A00-A09")
    assert not icd10cm_exists("XYZ")
    assert icd10cm_description("XYZ") is None


def test_format_round_trip() -> None:
    assert normalize_icd10cm(" e11.9 ") == "E119"
    assert format_icd10cm("E119") == "E11.9"
    assert format_icd10cm("E11.9", with_dot=False) == "E119"
    assert format_icd10cm("I10") == "I10"


def test_description() -> None:
    assert icd10cm_description("E11.9") == "Type 2 diabetes mellitus without complications"


def test_release_is_read_from_the_package() -> None:
    release = icd10cm_release()
    assert release.fiscal_year == 2026
    assert release.update_effective == date(2026, 4, 1)
    assert release.fiscal_year_start == date(2025, 10, 1)
    assert release.covers(date(2026, 5, 1))
    assert not release.covers(date(2026, 10, 1))


def test_demographic_hints() -> None:
    pregnancy = icd10cm_demographic_hint("O80")
    assert pregnancy is not None and pregnancy.sex == "F"
    gestation = icd10cm_demographic_hint("Z3A.20")
    assert gestation is not None and gestation.sex == "F"
    perinatal = icd10cm_demographic_hint("P07.30")
    assert perinatal is not None and perinatal.max_age_years == 0
    prostate = icd10cm_demographic_hint("N40.0")
    assert prostate is not None and prostate.sex == "M"
    assert icd10cm_demographic_hint("E11.9") is None


def test_billable_index_and_search() -> None:
    first = next(iter_billable_icd10cm())
    assert icd10cm_is_billable(first[0]) and first[1]
    hits = search_icd10cm("type 2 diabetes without complications")
    assert ("E119", "Type 2 diabetes mellitus without complications") in hits
    assert all(code.startswith("E11") for code, _ in hits)
    assert search_icd10cm("") == []


def test_the_compact_table_holds_every_code_of_the_package_with_its_billable_flag_and_description() -> None:
    import warnings

    from rcm_codesets.icd10cm import _table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as icd

    table = _table()
    codes = [code for code in icd.get_all_codes(False) if not icd.is_chapter_or_block(code)]
    assert len(table) == len(codes)
    for code in codes:
        billable, description = table[code]
        assert billable == bool(icd.is_leaf(code)), code
        assert description == " ".join(str(icd.get_description(code)).split()), code
