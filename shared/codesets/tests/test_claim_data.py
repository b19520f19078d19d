from datetime import date

from rcm_codesets import ClaimDataRequirements, claim_data_requirements, payer, requires_clia

ON = date(2025, 3, 3)


def test_lab_tests_need_clia_but_a_specimen_draw_does_not() -> None:
    assert requires_clia("85025") and requires_clia("83036") and requires_clia(" 87880 ")
    assert not requires_clia("36415") and not requires_clia("99213")


def test_a_payer_without_its_own_list_gets_the_directory_defaults() -> None:
    northwind = claim_data_requirements(payer("NWHP1", ON))
    assert northwind.requires_ndc("J1100") and northwind.requires_ndc("j3301")
    assert not northwind.requires_ndc("20610") and not northwind.requires_referral("97110")
    assert claim_data_requirements(None) == northwind


def test_payer_specific_lists_come_from_the_directory_data() -> None:
    medicaid = claim_data_requirements(payer("MCD01", ON))
    assert medicaid.requires_ndc("Q0138") and medicaid.requires_referral("97110")
    hmo = claim_data_requirements(payer("FBHMO", ON))
    assert (
        hmo.requires_referral("71046") and hmo.requires_referral("99243") and hmo.requires_referral("90791")
    )
    assert not hmo.requires_referral("99213") and not hmo.accepts_delay_reason


def test_an_entry_is_a_code_or_a_prefix() -> None:
    rules = ClaimDataRequirements(ndc_required_codes=["J*", "90378"])
    assert rules.requires_ndc("J0000") and rules.requires_ndc("90378") and not rules.requires_ndc("90371")
