"""Dataclass model of a professional claim (837P 005010X222A1), shared by the writer and the reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.remit835 import Adjustment


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
    """Loops 2000A/2010AA: an organization billing under its NPI and EIN.

    address.postal_code must be a 9-digit ZIP+4 (N403); taxonomy_code, when known, goes out as PRV*BI.
    """

    name: str
    npi: str
    tax_id: str
    address: Address
    taxonomy_code: str = ""


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
    """Loop 2310B: written only when the rendering NPI differs from the billing NPI (then with PRV*PE when
    taxonomy_code is known)."""

    last_name: str
    first_name: str
    npi: str
    taxonomy_code: str = ""


@dataclass(frozen=True)
class NamedProvider:
    """A person provider by name and NPI: 2310A referring (NM1*DN), 2310D supervising (NM1*DQ), and at line
    level 2420A rendering (NM1*82), 2420D supervising (NM1*DQ), 2420E ordering (NM1*DK), 2420F referring (NM1*DN)."""

    last_name: str
    npi: str
    first_name: str = ""
    middle_name: str = ""
    taxonomy_code: str = ""  # PRV*PE, written only for 2420A rendering


@dataclass(frozen=True)
class ServiceFacility:
    """Loop 2310C (NM1*77): where the service was done, written only when it is not the billing provider's
    address (a satellite site, a hospital outpatient department)."""

    name: str
    address: Address
    npi: str = (
        ""  # NM108 XX / NM109, situational: a site without an NPI of its own is named and addressed only
    )


@dataclass(frozen=True)
class DrugIdentification:
    """Loop 2410: the NDC of the drug a line bills (LIN*N4 + CTP), required by most payers with a J code."""

    ndc: str  # eleven digits in the 5-4-2 layout, no hyphens
    quantity: Decimal  # CTP04
    unit: str  # CTP05-1: F2 international unit, GR gram, ME milligram, ML millilitre, UN unit
    prescription_number: str = ""  # REF*XZ, for a compound or a pharmacy-dispensed drug


@dataclass(frozen=True)
class Attachment:
    """2300 PWK: paperwork that goes with the claim (the answer to CO-16 N706 and CO-252)."""

    report_type: str  # PWK01, e.g. 03 justification, 09 progress report, B3 physician order, OZ support data
    transmission_code: str  # PWK02: BM mail, EL electronic, EM e-mail, FT file transfer, FX fax
    control_number: str  # PWK06 with PWK05 AC: the attachment control number the payer matches the paper by


@dataclass(frozen=True)
class RelatedCauses:
    """CLM11: the visit follows an accident or is work related; DTP*439 carries the accident date."""

    codes: tuple[str, ...]  # AA auto accident, EM employment, OA other accident (one or two)
    accident_state: str = ""  # CLM11-4, required with AA
    accident_date: date | None = None  # DTP*439, required with AA or OA


@dataclass(frozen=True)
class LineAdjudication:
    """Loop 2430: how another payer (2330B, by its id in SVD01) adjudicated this line, on the claim to the
    next payer. The line balances: SV102 charge = SVD02 paid + the CAS amounts."""

    payer_id: str  # SVD01 = the 2330B NM109 of that payer
    paid: Decimal  # SVD02
    procedure_code: str  # SVD03-2, as the payer adjudicated it
    units: Decimal  # SVD05
    adjudication_date: date  # DTP*573
    modifiers: tuple[str, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()  # CAS, grouped by group code when written


@dataclass(frozen=True)
class OtherPayer:
    """Loops 2320 (other subscriber information), 2330A (other subscriber), 2330B (other payer).

    On a claim to the secondary: the primary with what it decided (paid, claim-level CAS, adjudication date).
    On a claim to the primary: the payer billed next (paid None), so it knows another coverage exists.
    """

    responsibility: str  # SBR01 of that payer: P primary, S secondary, T tertiary
    payer_name: str
    payer_id: str  # 2330B NM109 (PI)
    subscriber_last_name: str
    subscriber_first_name: str
    member_id: str  # 2330A NM109 (MI)
    relationship: str = "18"  # SBR02: the patient to that plan's subscriber
    group_number: str = ""
    claim_filing_indicator: str = "CI"  # SBR09
    paid: Decimal | None = None  # AMT*D; None: that payer has not adjudicated this claim
    claim_adjustments: tuple[Adjustment, ...] = ()  # 2320 CAS (not tied to a line)
    remaining_patient_liability: Decimal | None = None  # AMT*EAF
    adjudication_date: date | None = None  # 2330B DTP*573: written when no line carries a 2430 of it


@dataclass(frozen=True)
class ServiceLine:
    """Loop 2400: one SV1 service line; charge (SV102) must be greater than zero."""

    procedure_code: str
    charge: Decimal
    units: Decimal
    service_date: date
    diagnosis_pointers: tuple[int, ...] = (1,)
    modifiers: tuple[str, ...] = ()
    line_control_number: str = ""
    drug: DrugIdentification | None = None  # 2410
    clia_number: str = ""  # 2400 REF*X4, when this line's lab differs from the claim's CLIA
    rendering_provider: NamedProvider | None = None  # 2420A, when it differs from the claim's
    supervising_provider: NamedProvider | None = None  # 2420D
    ordering_provider: NamedProvider | None = None  # 2420E (labs, DME)
    referring_provider: NamedProvider | None = None  # 2420F, when it differs from the claim's
    adjudications: tuple[LineAdjudication, ...] = ()  # 2430, on a claim to the next payer


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
    referring_provider: NamedProvider | None = None  # 2310A
    service_facility: ServiceFacility | None = None  # 2310C
    supervising_provider: NamedProvider | None = None  # 2310D
    clia_number: str = (
        ""  # 2300 REF*X4, the clinic's lab certificate when a line bills a CLIA-waived/lab test
    )
    attachments: tuple[Attachment, ...] = ()  # 2300 PWK, at most 10
    delay_reason_code: str = (
        ""  # CLM20: 1 proof of eligibility unknown, 7 third-party processing delay, 11 other
    )
    related_causes: RelatedCauses | None = None  # CLM11 + DTP*439
    onset_date: date | None = None  # DTP*431 onset of current illness or symptom
    other_payers: tuple[OtherPayer, ...] = ()  # 2320/2330A/2330B, at most 10
    patient_paid: Decimal | None = None  # AMT*F5, what the patient paid toward this claim (at the visit)

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
