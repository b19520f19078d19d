from datetime import date

from rcm_codesets import is_ncci_associated, modifier, modifier_is_valid_on, place_of_service


def test_cpt_and_hcpcs_modifiers() -> None:
    twenty_five = modifier("25")
    assert twenty_five is not None and twenty_five.kind == "CPT" and twenty_five.ncci_associated
    xu = modifier("XU")
    assert xu is not None and xu.kind == "HCPCS" and xu.ncci_associated
    gt = modifier("gt")
    assert gt is not None and not gt.ncci_associated
    assert is_ncci_associated("RT") and not is_ncci_associated("95")
    assert modifier("ZZ9") is None


def test_modifier_dates() -> None:
    assert not modifier_is_valid_on("93", date(2021, 12, 31))
    assert modifier_is_valid_on("93", date(2022, 1, 1))
    assert not modifier_is_valid_on("FQ", date(2021, 6, 1))
    assert modifier_is_valid_on("XE", date(2025, 6, 1))


def test_place_of_service() -> None:
    home = place_of_service("10", on=date(2025, 1, 1))
    assert home is not None and home.is_telehealth and not home.medicare_facility_rate
    assert place_of_service("10", on=date(2021, 12, 31)) is None
    other = place_of_service("2")
    assert other is not None and other.is_telehealth and other.medicare_facility_rate
    outreach = place_of_service("27", on=date(2023, 10, 1))
    assert outreach is not None and outreach.name == "Outreach Site/Street"
    assert place_of_service("27", on=date(2023, 9, 30)) is None
    assert place_of_service("66") is not None
    office = place_of_service("11")
    assert office is not None and office.name == "Office"
