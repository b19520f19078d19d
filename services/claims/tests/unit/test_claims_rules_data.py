from datetime import date

from rcm_claims.rules_data import read_mue_file, read_ptp_file, sample_mue_table, sample_ptp_table

PTP_TEXT = (
    "notice line with no codes\r\n"
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\tWhy\r\n"
    "11111\t22222\t*\t19960101\t20101231\t0\tOld\r\n"
    "11111\t22222\t\t20110101\t*\t1\tNew\r\n"
)


def test_ptp_importer_skips_headers_and_versions_pairs_by_date() -> None:
    table = read_ptp_file(PTP_TEXT)
    assert len(table) == 2
    old = table.edit_for("11111", "22222", date(2005, 1, 1))
    new = table.edit_for("11111", "22222", date(2025, 1, 1))
    assert old is not None and old.modifier_indicator == "0" and old.deleted == date(2010, 12, 31)
    assert new is not None and new.modifier_indicator == "1" and new.deleted is None
    assert table.edit_for("22222", "11111", date(2025, 1, 1)) is None  # pairs are ordered


def test_mue_importer_reads_cms_style_indicator_text() -> None:
    text = (
        '"notice, with a comma"\r\nHCPCS/CPT Code,MUE Value,MAI,Rationale\r\n'
        '36415,2,"3 Date of Service Edit: Clinical",x\r\n'
    )
    edit = read_mue_file(text).edit_for("36415")
    assert edit is not None and edit.max_units == 2 and edit.adjudication_indicator == "3"
    assert not edit.per_line


def test_shipped_sample_is_synthetic_and_complete() -> None:
    ptp, mue = sample_ptp_table(), sample_mue_table()
    indicators = {edit.modifier_indicator for pair in ptp._by_pair.values() for edit in pair}
    assert indicators == {"0", "1", "9"}
    assert any(edit.deleted for pair in ptp._by_pair.values() for edit in pair)
    assert len(mue) >= 10
    from importlib.resources import files

    header = files("rcm_claims.rules_data").joinpath("ncci_ptp_practitioner_sample.txt").read_text()
    assert header.startswith("SYNTHETIC SAMPLE FOR TESTS, NOT CMS DATA")
