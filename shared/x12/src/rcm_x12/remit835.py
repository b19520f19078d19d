"""Dataclass model of an 835 remittance (005010X221A1) and its balancing rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")
CLAIM_STATUSES = frozenset({"1", "2", "3", "4", "19", "20", "21", "22", "23", "25"})


@dataclass(frozen=True)
class Adjustment:
    """One CAS reason/amount/quantity triple; group is CO, PR, OA or PI."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True)
class RemitServiceLine:
    """Loop 2110: SVC with its date, adjustments, control number, allowed amount and remarks."""

    procedure_code: str
    charge: Decimal
    paid: Decimal
    modifiers: tuple[str, ...] = ()
    units: Decimal | None = None  # SVC05 units paid
    original_procedure_code: str = ""  # SVC06, when the payer changed the code
    original_modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    line_control_number: str = ""  # REF*6R, echoes 837 line REF*6R
    allowed: Decimal | None = None  # AMT*B6
    adjustments: tuple[Adjustment, ...] = ()
    remark_codes: tuple[str, ...] = ()  # LQ*HE


@dataclass(frozen=True)
class OutpatientAdjudication:
    """MOA amounts: how the payer worked out an outpatient claim. Informational: in no balance, never posted."""

    reimbursement_rate: Decimal | None = None  # MOA01, a rate (not money)
    hcpcs_payable_amount: Decimal | None = None  # MOA02
    esrd_payment_amount: Decimal | None = None  # MOA08
    nonpayable_professional_component: Decimal | None = None  # MOA09


@dataclass(frozen=True)
class InpatientAdjudication:
    """MIA amounts and day counts besides MIA01 (RemitClaim.covered_days). Informational like MOA's."""

    pps_operating_outlier_amount: Decimal | None = None  # MIA02
    lifetime_psychiatric_days: Decimal | None = None  # MIA03, a count of days
    drg_amount: Decimal | None = None  # MIA04
    disproportionate_share_amount: Decimal | None = None  # MIA06
    msp_pass_through_amount: Decimal | None = None  # MIA07
    pps_capital_amount: Decimal | None = None  # MIA08
    pps_capital_fsp_drg_amount: Decimal | None = None  # MIA09
    pps_capital_hsp_drg_amount: Decimal | None = None  # MIA10
    pps_capital_dsh_drg_amount: Decimal | None = None  # MIA11
    old_capital_amount: Decimal | None = None  # MIA12
    pps_capital_ime_amount: Decimal | None = None  # MIA13
    pps_operating_hospital_specific_drg_amount: Decimal | None = None  # MIA14
    cost_report_days: Decimal | None = None  # MIA15, a count of days
    pps_operating_federal_specific_drg_amount: Decimal | None = None  # MIA16
    pps_capital_outlier_amount: Decimal | None = None  # MIA17
    indirect_teaching_amount: Decimal | None = None  # MIA18
    nonpayable_professional_component: Decimal | None = None  # MIA19
    pps_capital_exception_amount: Decimal | None = None  # MIA25


@dataclass(frozen=True)
class RemitClaim:
    """Loop 2100: CLP with patient, claim-level adjustments and service lines."""

    claim_id: str  # CLP01 = our 837 CLM01
    status: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    filing_indicator: str  # CLP06
    payer_claim_number: str  # CLP07
    patient_last_name: str = ""
    patient_first_name: str = ""
    patient_member_id: str = ""
    facility_code: str = ""  # CLP08 place of service
    frequency_code: str = ""  # CLP09
    adjustments: tuple[Adjustment, ...] = ()
    outpatient_remarks: tuple[str, ...] = ()  # MOA03-07
    inpatient_remarks: tuple[str, ...] = ()  # MIA05, MIA20-24
    covered_days: Decimal | None = None  # MIA01, required when MIA is sent
    outpatient_adjudication: OutpatientAdjudication | None = None  # MOA01-02, 08-09 when MOA is sent
    inpatient_adjudication: InpatientAdjudication | None = None  # MIA02-04, 06-19, 25 when MIA is sent
    statement_date: date | None = None  # DTM*232
    lines: tuple[RemitServiceLine, ...] = ()
    interest: Decimal = (
        ZERO  # AMT*I: prompt-pay interest, included in CLP04 but not part of the claim's balance
    )
    crossover_payer_name: str = ""  # NM1*TT: the payer this one forwarded the claim to (CLP02 19, 20, 21)
    crossover_payer_id: str = ""  # NM1*TT NM109 (PI)


@dataclass(frozen=True)
class ProviderAdjustmentItem:
    """One PLB reason pair: reason (WO, L6, FB...), optional reference, amount (positive reduces pay)."""

    reason: str
    amount: Decimal
    reference: str = ""


@dataclass(frozen=True)
class ProviderAdjustment:
    """A PLB segment (the writer splits more than six items over several PLB segments)."""

    provider_id: str
    fiscal_period_end: date
    items: tuple[ProviderAdjustmentItem, ...]


@dataclass(frozen=True)
class Party:
    """N1 loop of the payer (1000A) or payee (1000B)."""

    name: str
    identifier: str = ""  # payee NPI (N1*PE ..*XX), payer id (N1*PR ..*XV) when given
    line1: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    additional_id: str = ""  # payer REF*2U
    contact_phone: str = ""  # payer PER*BL, required by the guide for the payer


@dataclass(frozen=True)
class Remittance:
    """One 835 transaction set: payment header, parties, claims and provider-level adjustments."""

    payer: Party
    payee: Party
    trace_number: str  # TRN02: check or EFT number
    payer_tin: str  # TRN03: 1 + payer EIN
    payment_amount: Decimal  # BPR02
    payment_method: str  # BPR04: CHK, ACH, NON
    payment_date: date  # BPR16
    production_date: date | None = None  # DTM*405
    claims: tuple[RemitClaim, ...] = ()
    provider_adjustments: tuple[ProviderAdjustment, ...] = field(default_factory=tuple)


def claim_imbalance(claim: RemitClaim) -> Decimal:
    """CLP03 - (CLP04 - AMT*I) - (claim CAS + line CAS); zero for a balanced claim. Interest is paid on top of
    the claim (CLP04 includes it), so it is taken out before the charge is balanced."""
    adjusted = sum((a.amount for a in claim.adjustments), ZERO)
    adjusted += sum((a.amount for line in claim.lines for a in line.adjustments), ZERO)
    return claim.charge - (claim.paid - claim.interest) - adjusted


def line_imbalance(line: RemitServiceLine) -> Decimal:
    """SVC02 - SVC03 - line CAS; zero for a balanced line."""
    return line.charge - line.paid - sum((a.amount for a in line.adjustments), ZERO)


def payment_imbalance(remittance: Remittance) -> Decimal:
    """BPR02 - (sum CLP04 - sum PLB amounts); zero for a balanced transaction."""
    paid = sum((claim.paid for claim in remittance.claims), ZERO)
    plb = sum((item.amount for adj in remittance.provider_adjustments for item in adj.items), ZERO)
    return remittance.payment_amount - (paid - plb)


def balance_problems(remittance: Remittance) -> list[str]:
    """Human-readable balancing failures (empty when BPR, claims and lines all balance)."""
    problems = payment_problems(remittance)
    for claim in remittance.claims:
        problems.extend(f"claim {claim.claim_id}: {problem}" for problem in claim_problems(claim))
    return problems


def payment_problems(remittance: Remittance) -> list[str]:
    """The transaction's own balance: BPR02 against the claims' payments minus PLB."""
    difference = payment_imbalance(remittance)
    if difference:
        return [f"BPR02 {remittance.payment_amount} differs from claims minus PLB by {difference}"]
    return []


def claim_problems(claim: RemitClaim) -> list[str]:
    """Why one claim cannot be posted as sent: an unknown CLP02 status, or a claim or line that does not
    balance. Such a claim is the payer's mistake alone: the rest of its transaction can still post."""
    problems: list[str] = []
    if claim.status not in CLAIM_STATUSES:
        problems.append(f"unknown status {claim.status!r}")
    difference = claim_imbalance(claim)
    if difference:
        problems.append(f"charge - paid - adjustments = {difference}")
    for number, line in enumerate(claim.lines, start=1):
        difference = line_imbalance(line)
        if difference:
            problems.append(f"line {number}: charge - paid - adjustments = {difference}")
    return problems


def verify_balance(remittance: Remittance) -> bool:
    return not balance_problems(remittance)
