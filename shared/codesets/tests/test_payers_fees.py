from datetime import date
from decimal import Decimal

import pytest
from rcm_codesets import (
    PayerType,
    clinic_charge,
    contracted_amount,
    medicare_fee,
    payer,
    payer_directory,
    payers_on,
    validate_member_id,
)

JUNE_2025 = date(2025, 6, 1)


def test_directory_is_versioned() -> None:
    directory = payer_directory()
    assert directory.version and directory.effective_from == date(2025, 1, 1)
    kinds = {entry.payer_type for entry in payers_on(JUNE_2025)}
    assert {PayerType.MEDICARE, PayerType.MEDICAID, PayerType.COMMERCIAL, PayerType.SELF_PAY} <= kinds
    commercial = [entry for entry in payers_on(JUNE_2025) if entry.payer_type == PayerType.COMMERCIAL]
    assert len(commercial) >= 3


def test_medicare_version_follows_date_of_service() -> None:
    medicare_2025, medicare_2026 = payer("MCR01", on=JUNE_2025), payer("MCR01", on=date(2026, 2, 1))
    assert medicare_2025 is not None and medicare_2026 is not None
    assert medicare_2025.cost_sharing_plans[0].annual_deductible == Decimal("257")
    assert medicare_2026.cost_sharing_plans[0].annual_deductible == Decimal("283")
    assert medicare_2025.timely_filing_days == 365
    assert payer("MCR01", on=date(2024, 6, 1)) is None
    assert payer("UNKNOWN", on=JUNE_2025) is None


@pytest.mark.parametrize(
    ("member_id", "valid"),
    [
        ("1EG4TE5MK73", True),
        ("1EG4-TE5-MK73", True),
        ("0EG4TE5MK73", False),
        ("1SG4TE5MK73", False),
        ("1EG4TE5MK7", False),
    ],
)
def test_medicare_mbi_validation(member_id: str, valid: bool) -> None:
    assert validate_member_id("MCR01", member_id, JUNE_2025) is valid


def test_every_payer_example_member_id_matches_its_pattern() -> None:
    for entry in payers_on(JUNE_2025):
        if entry.member_id_example is not None:
            assert entry.member_id_is_valid(entry.member_id_example), entry.payer_id
    self_pay = payer("SELF", on=JUNE_2025)
    assert self_pay is not None and self_pay.member_id_is_valid("")


def test_payer_policies() -> None:
    northwind = payer("NWHP1", on=JUNE_2025)
    assert northwind is not None and northwind.telehealth is not None
    assert northwind.telehealth.video_modifier == "95"
    assert 90 <= (northwind.timely_filing_days or 0) <= 180
    assert northwind.requires_prior_auth("20610")
    assert sum(plan.share_of_members for plan in northwind.cost_sharing_plans) == Decimal("1")


def test_fees_for_99213_present() -> None:
    assert medicare_fee("99213", on=JUNE_2025) == Decimal("88.95")
    assert medicare_fee("99213", on=JUNE_2025, facility=True) == Decimal("63.72")
    assert medicare_fee("99213", on=date(2026, 3, 1)) == Decimal("95.19")
    assert medicare_fee("99213", on=date(2024, 3, 1)) is None
    assert medicare_fee("36415", on=JUNE_2025) == Decimal("9.09")  # lab fee schedule


def test_non_payable_status_codes() -> None:
    assert medicare_fee("99417", on=JUNE_2025) is None
    assert medicare_fee("99396", on=JUNE_2025, include_non_payable=True) == Decimal("120.98")


def test_clinic_charge_and_contract() -> None:
    assert clinic_charge("99213", on=JUNE_2025) == Decimal("180")
    northwind = payer("NWHP1", on=JUNE_2025)
    medicare = payer("MCR01", on=JUNE_2025)
    assert northwind is not None and medicare is not None
    assert contracted_amount(northwind, "99213", JUNE_2025) == Decimal("102.29")
    assert contracted_amount(medicare, "99213", JUNE_2025) == Decimal("88.95")
    assert contracted_amount(medicare, "99396", JUNE_2025) is None
