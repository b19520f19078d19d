"""Scenario configuration: the knobs of the payer simulator, with defaults from workload-params.md.

A scenario is the whole behaviour of the simulated payers for one run: change the seed to get another,
equally realistic, world; keep it to replay the same one byte for byte. See SOURCES.md for each default.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from rcm_codesets import PayerType


class DenialCause(StrEnum):
    """Why a payer refuses to pay; each cause maps to CARC/RARC/group codes in denial_rules."""

    COVERAGE_TERMINATED = "coverage_terminated"
    MISSING_INFORMATION = "missing_information"
    PRIOR_AUTHORIZATION = "prior_authorization"
    NON_COVERED = "non_covered"
    MEDICAL_NECESSITY = "medical_necessity"
    TIMELY_FILING = "timely_filing"
    MODIFIER = "modifier"
    PLACE_OF_SERVICE = "place_of_service"
    BUNDLING = "bundling"
    DUPLICATE = "duplicate"


# §5a generator defaults: share of claims denied in whole or in part on first pass.
DEFAULT_DENIAL_RATES: dict[PayerType, Decimal] = {
    PayerType.MEDICARE: Decimal("0.06"),
    PayerType.MEDICARE_ADVANTAGE: Decimal("0.10"),
    PayerType.COMMERCIAL: Decimal("0.12"),
    PayerType.MEDICAID: Decimal("0.14"),
}

# §5b Change Healthcare 2020 category shares mapped onto our causes. "Documentation requested" (9.2) joins
# missing information (both CO-16); "avoidable care" (0.7) joins medical necessity; "coding" (4.8) is split
# between modifier and bundling; "unknown/other" (6.4) is left out (weights are normalised) and duplicates
# get an ASSUMPTION weight of 3, since §5b names CO-18 the top Part B denial at two MACs without a share.
DEFAULT_CAUSE_MIX: dict[DenialCause, Decimal] = {
    DenialCause.COVERAGE_TERMINATED: Decimal("26.6"),
    DenialCause.MISSING_INFORMATION: Decimal("26.4"),
    DenialCause.PRIOR_AUTHORIZATION: Decimal("11.6"),
    DenialCause.NON_COVERED: Decimal("10.6"),
    DenialCause.MEDICAL_NECESSITY: Decimal("7.3"),
    DenialCause.TIMELY_FILING: Decimal("5.4"),
    DenialCause.MODIFIER: Decimal("2.4"),
    DenialCause.BUNDLING: Decimal("2.4"),
    DenialCause.DUPLICATE: Decimal("3.0"),
}


class PayerAddress(BaseModel):
    """The 835 requires the payer's N3/N4; the payer directory has no addresses, so the scenario gives one."""

    model_config = ConfigDict(frozen=True)

    line1: str = "PO BOX 1000"
    city: str = "BALTIMORE"
    state: str = "MD"
    postal_code: str = "212440000"
    contact_phone: str = "8005550100"


class Scenario(BaseModel):
    """Rates and switches of one simulated world; every random draw is seeded from `seed`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = 20250101
    denial_rates: dict[PayerType, Decimal] = Field(default_factory=lambda: dict(DEFAULT_DENIAL_RATES))
    # Per payer id overrides (e.g. a "bad payer" scenario); win over the payer-type rates.
    payer_denial_rates: dict[str, Decimal] = Field(default_factory=dict)
    # Used when a payer has no first_pass_denial_rate and its type is missing from denial_rates.
    fallback_denial_rate: Decimal = Field(default=Decimal("0.12"), ge=0, le=1)
    cause_mix: dict[DenialCause, Decimal] = Field(default_factory=lambda: dict(DEFAULT_CAUSE_MIX))
    # Claim defects (missing telehealth modifier, missing REF*G1, late filing...) always deny when True.
    deny_claim_defects: bool = True
    # Payers that want POS 10 (patient's home) rather than 02 for telehealth (ASSUMPTION knob, §3).
    pos_10_required_payers: frozenset[str] = frozenset()
    modifier_25_required_payers: frozenset[str] = frozenset({"FBHMO", "CCPPO"})
    """Payers whose own rule (stricter than CPT) wants 25 on an E/M billed with any other same-day service."""
    # A corrected claim (frequency 7) is judged on its defects only unless this rate says otherwise.
    replacement_denial_rate: Decimal = Field(default=Decimal("0"), ge=0, le=1)
    # Allowed amount when the payer has no contracted fee for the code (ASSUMPTION, see SOURCES.md).
    unknown_fee_fraction_of_charge: Decimal = Field(default=Decimal("0.60"), gt=0, le=1)
    # Share of remittances that carry a provider-level adjustment (PLB): interest or a forwarding balance.
    provider_adjustment_rate: Decimal = Field(default=Decimal("0.05"), ge=0, le=1)
    # Share of accepted claims a payer sits on (pended for review) and for how many extra days: silent claims
    # that a 276 has to chase. Off by default so a seed's run stays byte-identical to earlier ones.
    status_delay_rate: Decimal = Field(default=Decimal("0"), ge=0, le=1)
    status_delay_days: int = Field(default=120, ge=1, le=730)
    # Payers that allow some codes below their contract (an underpayment a billing office should catch and
    # appeal): payer id -> procedure codes, and by how much.
    underpaid_codes: dict[str, frozenset[str]] = Field(default_factory=dict)
    underpayment_percent: Decimal = Field(default=Decimal("5"), gt=0, lt=100)
    # Days a payer takes to answer an appeal of an underpayment with the corrected payment.
    appeal_answer_days: int = Field(default=30, ge=1, le=365)
    payer_address: PayerAddress = Field(default_factory=PayerAddress)
    clearinghouse_id: str = "RCMCLEARHOUSE"
    clearinghouse_name: str = "RCM SIMULATED CLEARINGHOUSE"

    def denial_rate(self, payer_id: str, payer_type: PayerType, directory_rate: Decimal | None) -> Decimal:
        """Payer override, then the scenario's payer-type rate, then the payer directory's own rate."""
        if payer_id in self.payer_denial_rates:
            return self.payer_denial_rates[payer_id]
        if payer_type in self.denial_rates:
            return self.denial_rates[payer_type]
        return directory_rate if directory_rate is not None else self.fallback_denial_rate
