"""Synthetic, balanced remittances for tests and the benchmark (deterministic, no randomness)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm_x12.remit835 import (
    Adjustment,
    Party,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    RemitClaim,
    RemitServiceLine,
    Remittance,
)

PAYER = Party(
    "ACME HEALTH PLAN",
    line1="PO BOX 1000",
    city="CHICAGO",
    state="IL",
    postal_code="606011000",
    additional_id="ACME01",
    contact_phone="8005550199",
)
PAYEE = Party("SPRINGFIELD FAMILY CLINIC", "1234567893", "200 CLINIC DR", "SPRINGFIELD", "IL", "627045678")
DOS = date(2024, 3, 4)


def paid_claim(number: int) -> RemitClaim:
    """Two lines: contractual write-off, a deductible and coinsurance, remarks, allowed amounts."""
    office = RemitServiceLine(
        "99214",
        Decimal("150.00"),
        Decimal("72.00"),
        ("25",),
        Decimal("1"),
        service_date=DOS,
        line_control_number=f"LN{number}-1",
        allowed=Decimal("90.00"),
        adjustments=(Adjustment("CO", "45", Decimal("60.00")), Adjustment("PR", "2", Decimal("18.00"))),
        remark_codes=("N130",),
    )
    test = RemitServiceLine(
        "94010",
        Decimal("85.50"),
        Decimal("0.00"),
        (),
        Decimal("1"),
        "94060",
        (),
        DOS,
        f"LN{number}-2",
        Decimal("40.00"),
        (Adjustment("CO", "45", Decimal("45.50")), Adjustment("PR", "1", Decimal("40.00"))),
    )
    return RemitClaim(
        claim_id=f"PCN{number}",
        status="1",
        charge=Decimal("235.50"),
        paid=Decimal("72.00"),
        patient_responsibility=Decimal("58.00"),
        filing_indicator="12",
        payer_claim_number=f"ICN{number:010d}",
        patient_last_name="DOE",
        patient_first_name="JOHN",
        patient_member_id=f"W{number:09d}",
        facility_code="11",
        frequency_code="1",
        outpatient_remarks=("MA01",),
        statement_date=DOS,
        lines=(office, test),
    )


def denied_claim(number: int) -> RemitClaim:
    line = RemitServiceLine(
        "97110",
        Decimal("120.00"),
        Decimal("0.00"),
        ("GP",),
        Decimal("2"),
        service_date=DOS,
        line_control_number=f"LN{number}-1",
        adjustments=(Adjustment("CO", "97", Decimal("100.00")), Adjustment("CO", "B15", Decimal("20.00"))),
        remark_codes=("M80", "N19"),
    )
    return RemitClaim(
        claim_id=f"PCN{number}",
        status="4",
        charge=Decimal("120.00"),
        paid=Decimal("0.00"),
        patient_responsibility=Decimal("0.00"),
        filing_indicator="HM",
        payer_claim_number=f"ICN{number:010d}",
        patient_last_name="ROE",
        patient_first_name="RICHARD",
        patient_member_id=f"B{number:09d}",
        lines=(line,),
    )


def reversal_claim(number: int) -> RemitClaim:
    """Status 22 takes back an earlier payment: every amount negated, claim-level CAS only."""
    return RemitClaim(
        claim_id=f"PCN{number}",
        status="22",
        charge=Decimal("-200.00"),
        paid=Decimal("-150.00"),
        patient_responsibility=Decimal("0.00"),
        filing_indicator="12",
        payer_claim_number=f"ICN{number:010d}",
        patient_last_name="DOE",
        patient_first_name="JANE",
        patient_member_id=f"W{number:09d}",
        frequency_code="1",
        adjustments=(Adjustment("CO", "45", Decimal("-50.00")),),
        statement_date=DOS,
    )


def inpatient_claim(number: int) -> RemitClaim:
    """Claim-level adjustments only (no lines), many CAS triples and MIA remarks."""
    reasons = ("45", "253", "94", "96", "B7", "16", "18", "23")
    adjustments = tuple(
        Adjustment("CO", reason, Decimal("10.00"), Decimal("1") if i == 0 else None)
        for i, reason in enumerate(reasons)
    )
    return RemitClaim(
        claim_id=f"PCN{number}",
        status="2",
        charge=Decimal("1000.00"),
        paid=Decimal("900.00"),
        patient_responsibility=Decimal("20.00"),
        filing_indicator="MA",
        payer_claim_number=f"ICN{number:010d}",
        patient_last_name="POE",
        patient_first_name="ED",
        facility_code="21",
        frequency_code="1",
        adjustments=(*adjustments, Adjustment("PR", "1", Decimal("20.00"))),
        covered_days=Decimal("3"),
        inpatient_remarks=("MA32", "N20"),
        statement_date=DOS,
    )


def provider_adjustment() -> ProviderAdjustment:
    return ProviderAdjustment(
        "1234567893",
        date(2024, 12, 31),
        (
            ProviderAdjustmentItem("WO", Decimal("25.00"), "OVERPAY123"),
            ProviderAdjustmentItem("L6", Decimal("-1.25"), "INT2024"),
        ),
    )


def mixed_remittance(first_number: int = 1, trace: str = "CHK100200") -> Remittance:
    """Paid, denied, reversal and inpatient claims plus a PLB; BPR02 computed to balance."""
    claims = (
        paid_claim(first_number),
        denied_claim(first_number + 1),
        reversal_claim(first_number + 2),
        paid_claim(first_number + 3),
        inpatient_claim(first_number + 4),
    )
    plb = provider_adjustment()
    total = sum((c.paid for c in claims), Decimal("0.00")) - sum(
        (i.amount for i in plb.items), Decimal("0.00")
    )
    return Remittance(
        PAYER, PAYEE, trace, "1371234567", total, "CHK", date(2024, 3, 20), date(2024, 3, 19), claims, (plb,)
    )


def bulk_remittance(claim_count: int, trace: str = "EFT0001") -> Remittance:
    """A large single-payer remittance for benchmarks (paid and denied claims alternate)."""
    claims = tuple(paid_claim(n) if n % 4 else denied_claim(n) for n in range(1, claim_count + 1))
    total = sum((c.paid for c in claims), Decimal("0.00"))
    return Remittance(
        PAYER, PAYEE, trace, "1371234567", total, "CHK", date(2024, 3, 20), date(2024, 3, 19), claims
    )
