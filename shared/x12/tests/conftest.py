"""Shared fixtures for rcm_x12 tests: realistic sample data and a pyx12 validation helper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from rcm_x12.claim837 import (
    Address,
    Attachment,
    BillingProvider,
    Claim,
    ClaimTransmission,
    DrugIdentification,
    NamedProvider,
    Patient,
    Payer,
    Receiver,
    RelatedCauses,
    RenderingProvider,
    ServiceFacility,
    ServiceLine,
    Submitter,
    Subscriber,
)
from rcm_x12.envelope import EnvelopeParties
from rcm_x12.pyx12_validation import pyx12_problems


@pytest.fixture
def pyx12_errors() -> Callable[[str], list[str]]:
    return pyx12_problems


HOME = Address("100 MAIN ST", "SPRINGFIELD", "IL", "627011234")
CLINIC = BillingProvider(
    "SPRINGFIELD FAMILY CLINIC",
    "1234567893",
    "371234567",
    Address("200 CLINIC DR", "SPRINGFIELD", "IL", "627045678", line2="SUITE 4"),
    taxonomy_code="261QP2300X",  # primary care clinic: PRV*BI
)
LAB = BillingProvider(
    "PRAIRIE LAB GROUP", "1467560003", "371239999", Address("9 LAB WAY", "PEORIA", "IL", "616021111")
)
ACME = Payer("ACME HEALTH PLAN", "ACME01", Address("PO BOX 1000", "CHICAGO", "IL", "606011000"))
BLUE = Payer("BLUE PRAIRIE INSURANCE", "BPI77")


def _subscriber(member_id: str, **overrides: Any) -> Subscriber:
    values: dict[str, Any] = dict(
        last_name="DOE",
        first_name="JOHN",
        member_id=member_id,
        birth_date=date(1980, 5, 17),
        gender="M",
        address=HOME,
        group_number="GRP100",
    )
    values.update(overrides)
    return Subscriber(**values)


def make_claims() -> list[Claim]:
    dos = date(2024, 3, 4)
    self_claim = Claim(
        claim_id="PCN1001",
        billing_provider=CLINIC,
        subscriber=_subscriber("W123456789"),
        payer=ACME,
        place_of_service="11",
        diagnosis_codes=("J44.9", "I10", "E11.9"),
        lines=(
            ServiceLine("99214", Decimal("150.00"), Decimal("1"), dos, (1, 2), ("25",), "LN1001-1"),
            ServiceLine("94010", Decimal("85.50"), Decimal("1"), dos, (1,), (), "LN1001-2"),
        ),
        rendering_provider=RenderingProvider("SMITH", "ANNA", "1992753880", taxonomy_code="207Q00000X"),
        prior_authorization="AUTH7788",
    )
    dependent = Claim(
        claim_id="PCN1002",
        billing_provider=CLINIC,
        subscriber=_subscriber("W555000111", first_name="JANE", gender="F", middle_name="Q"),
        payer=ACME,
        place_of_service="11",
        diagnosis_codes=("J06.9",),
        lines=(ServiceLine("99213", Decimal("110.00"), Decimal("1"), dos, (1,), ("25", "GT"), "LN1002-1"),),
        patient=Patient("DOE", "TIMMY", "19", date(2015, 9, 1), "M", HOME),
    )
    replacement = Claim(
        claim_id="PCN1003",
        billing_provider=LAB,
        subscriber=_subscriber("B777", last_name="ROE", first_name="RICHARD"),
        payer=BLUE,
        place_of_service="81",
        diagnosis_codes=("Z00.00", "E78.5"),
        lines=(
            ServiceLine("80053", Decimal("45.00"), Decimal("1"), dos, (1, 2), ("QW",), "LN1003-1"),
            ServiceLine("85025", Decimal("20.25"), Decimal("2"), dos, (1,), (), "LN1003-2"),
        ),
        frequency_code="7",
        original_claim_number="PAYERICN99887766",
    )
    multi_modifier = Claim(
        claim_id="PCN1004",
        billing_provider=CLINIC,
        subscriber=_subscriber("W123456789"),
        payer=BLUE,
        place_of_service="22",
        diagnosis_codes=("M54.5", "M25.561", "S83.241A"),
        lines=(
            ServiceLine(
                "20610", Decimal("300.00"), Decimal("1"), dos, (2, 3, 1), ("RT", "59", "XS", "76"), "LN1004-1"
            ),
        ),
        rendering_provider=RenderingProvider("JONES", "MARK", "1234567893"),  # same NPI as billing
    )
    return [self_claim, dependent, replacement, multi_modifier]


def make_payer_complete_claim() -> Claim:
    """A claim using every payer-complete field, each line-level provider different from the claim's."""
    dos = date(2024, 3, 4)
    injection = ServiceLine(
        "J1885",
        Decimal("42.00"),
        Decimal("4"),
        dos,
        (1,),
        (),
        "LN2001-1",
        drug=DrugIdentification("00409378501", Decimal("4"), "ML", prescription_number="RX55821"),
        rendering_provider=NamedProvider("OKAFOR", "1222222220", "CHIDI", taxonomy_code="207R00000X"),
        supervising_provider=NamedProvider("BERG", "1333333338", "LENA"),
        referring_provider=NamedProvider("NAKAMURA", "1444444446", "KEN"),
    )
    lab = ServiceLine(
        "80053",
        Decimal("45.00"),
        Decimal("1"),
        dos,
        (2,),
        ("QW",),
        "LN2001-2",
        clia_number="14D0987654",
        ordering_provider=NamedProvider("PATEL", "1555555550", "RAVI", "K"),
    )
    return Claim(
        claim_id="PCN2001",
        billing_provider=CLINIC,
        subscriber=_subscriber("W123456789"),
        payer=ACME,
        place_of_service="11",
        diagnosis_codes=("S93.401A", "E11.9"),
        lines=(injection, lab),
        rendering_provider=RenderingProvider("SMITH", "ANNA", "1666666668", taxonomy_code="207Q00000X"),
        prior_authorization="AUTH7788",
        referring_provider=NamedProvider("KILDARE", "1234567893", "JAMES"),
        service_facility=ServiceFacility(
            "SPRINGFIELD SATELLITE SITE", Address("45 ELM ST", "SPRINGFIELD", "IL", "627029876"), "1467560003"
        ),
        supervising_provider=NamedProvider("WELBY", "1111111112", "MARCUS"),
        clia_number="14D0123456",
        attachments=(Attachment("09", "FX", "ATT20240304A"), Attachment("OZ", "AA", "")),
        delay_reason_code="7",
        related_causes=RelatedCauses(("AA", "EM"), "IL", date(2024, 3, 1)),
        onset_date=date(2024, 3, 1),
        patient_paid=Decimal("25.00"),
    )


@pytest.fixture
def payer_complete_claim() -> Claim:
    return make_payer_complete_claim()


@pytest.fixture
def sample_claims() -> list[Claim]:
    return make_claims()


@pytest.fixture
def transmission() -> ClaimTransmission:
    return ClaimTransmission(
        parties=EnvelopeParties(sender_id="RCMSUBMIT01", receiver_id="CLEARHOUSE"),
        submitter=Submitter("RCM BILLING SERVICES", "RCM0001", "EDI DESK", "2175550100"),
        receiver=Receiver("CLEARINGHOUSE INC", "CH12345"),
        created=datetime(2024, 3, 10, 14, 30),
    )
