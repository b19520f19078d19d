from datetime import date

from rcm_codesets import (
    GROUP_CODES,
    CarcCategory,
    carc,
    carc_category,
    carc_is_valid_on,
    rarc,
    rarc_is_valid_on,
)


def test_carc_29_is_timely_filing() -> None:
    assert carc_category("29") == CarcCategory.TIMELY_FILING


def test_categories_for_platform_codes() -> None:
    assert carc_category("27") == CarcCategory.ELIGIBILITY_REGISTRATION
    assert carc_category("97") == CarcCategory.BUNDLING
    assert carc_category("197") == CarcCategory.AUTHORIZATION
    assert carc_category("50") == CarcCategory.MEDICAL_NECESSITY
    assert carc_category("18") == CarcCategory.DUPLICATE
    assert carc_category("22") == CarcCategory.COORDINATION_OF_BENEFITS
    assert carc_category("2") == CarcCategory.PATIENT_RESPONSIBILITY
    assert carc_category("45") == CarcCategory.CONTRACTUAL
    assert carc_category("204") == CarcCategory.NON_COVERED
    assert carc_category("A1") == CarcCategory.OTHER  # a real code we do not classify


def test_carc_dates() -> None:
    assert carc_is_valid_on("15", date(2018, 4, 30))
    assert not carc_is_valid_on("15", date(2018, 5, 1))  # deactivated by X12
    assert not carc_is_valid_on("181", date(2005, 1, 1))  # before its start date
    assert not carc_is_valid_on("NOPE", date(2025, 1, 1))
    found = carc("45")
    assert found is not None and found.our_description


def test_rarc_including_added_m1() -> None:
    m1 = rarc("M1")
    assert m1 is not None and m1.our_description
    assert rarc_is_valid_on("N290", date(2025, 1, 1))
    assert rarc_is_valid_on("MA130", date(2025, 1, 1))


def test_group_codes() -> None:
    assert set(GROUP_CODES) == {"CO", "PR", "OA", "PI"}
