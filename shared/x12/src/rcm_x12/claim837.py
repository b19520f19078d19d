"""Dataclass model of a professional claim (837P 005010X222A1), shared by the writer and the reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from rcm_x12.envelope import ControlNumbers, EnvelopeParties


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str
    line2: str = ""


@dataclass(frozen=True)
class Submitter:
    """Loop 1000A: who transmits the file, with the EDI contact (PER*IC)."""

    name: str
    identifier: str  # ETIN assigned by the receiver
    contact_name: str
    contact_phone: str


@dataclass(frozen=True)
class Receiver:
    """Loop 1000B: the clearinghouse or payer receiving the file."""

    name: str
    identifier: str


@dataclass(frozen=True)
class BillingProvider:
    """Loop 2010AA: an organization billing under its NPI and EIN."""

    name: str
    npi: str
    tax_id: str
    address: Address


@dataclass(frozen=True)
class Payer:
    """Loop 2010BB."""

    name: str
    payer_id: str
    address: Address | None = None


@dataclass(frozen=True)
class Subscriber:
    """Loops 2000B/2010BA: the insured member."""

    last_name: str
    first_name: str
    member_id: str
    birth_date: date
    gender: str  # M, F, U
    address: Address
    payer_responsibility: str = "P"  # P primary, S secondary, T tertiary
    group_number: str = ""
    claim_filing_indicator: str = "CI"  # SBR09: CI commercial, MB Medicare B, MC Medicaid, ...
    middle_name: str = ""


@dataclass(frozen=True)
class Patient:
    """Loops 2000C/2010CA: only present when the patient is not the subscriber."""

    last_name: str
    first_name: str
    relationship: str  # PAT01: 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, ...
    birth_date: date
    gender: str
    address: Address
    middle_name: str = ""


@dataclass(frozen=True)
class RenderingProvider:
    """Loop 2310B: written only when the rendering NPI differs from the billing NPI."""

    last_name: str
    first_name: str
    npi: str


@dataclass(frozen=True)
class ServiceLine:
    """Loop 2400: one SV1 service line."""

    procedure_code: str
    charge: Decimal
    units: Decimal
    service_date: date
    diagnosis_pointers: tuple[int, ...] = (1,)
    modifiers: tuple[str, ...] = ()
    line_control_number: str = ""


@dataclass(frozen=True)
class Claim:
    """Loop 2300 with its provider, subscriber, payer and patient context."""

    claim_id: str  # CLM01, our patient control number, echoed back in 835 CLP01 and 277CA TRN02
    billing_provider: BillingProvider
    subscriber: Subscriber
    payer: Payer
    place_of_service: str
    diagnosis_codes: tuple[str, ...]
    lines: tuple[ServiceLine, ...]
    frequency_code: str = "1"  # 1 original, 7 replacement, 8 void
    patient: Patient | None = None  # None when the patient is the subscriber
    rendering_provider: RenderingProvider | None = None
    prior_authorization: str = ""  # REF*G1
    original_claim_number: str = ""  # REF*F8, payer's claim control number for frequency 7/8

    @property
    def total_charge(self) -> Decimal:
        """CLM02 must equal the sum of the line charges, so it is derived instead of stored."""
        return sum((line.charge for line in self.lines), Decimal("0.00")).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ClaimTransmission:
    """Everything shared by the claims of one 837P file besides the claims themselves."""

    parties: EnvelopeParties
    submitter: Submitter
    receiver: Receiver
    created: datetime
    reference_id: str = ""  # BHT03; defaults to the transaction control number


@dataclass(frozen=True)
class ClaimFile:
    """One ST..SE 837P transaction as read back by read_837p."""

    transmission: ClaimTransmission
    controls: ControlNumbers
    claims: list[Claim] = field(default_factory=list)
