"""Payer directory: versioned reference data (data/payers.json) with Pydantic models.

Each payer may appear several times with different effective_from dates (e.g. Medicare's Part B deductible
changes every 1 January); `payer(payer_id, on=...)` returns the version in force on the date of service.
Default values and their workload-params.md sections are listed in data/SOURCES.md.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rcm_codesets._data import data_text
from rcm_codesets.claim_data import ClaimDataRequirements


class PayerType(StrEnum):
    MEDICARE = "medicare"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"
    SELF_PAY = "self_pay"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CostSharingPlan(_Frozen):
    plan_code: str
    name: str
    plan_kind: Literal["ppo", "hdhp", "hmo", "pos", "medicare_part_b", "medicare_advantage", "medicaid"]
    share_of_members: Decimal = Field(ge=0, le=1)
    annual_deductible: Decimal = Field(ge=0)
    coinsurance_percent: Decimal = Field(ge=0, le=100)
    pcp_copay: Decimal = Field(ge=0)
    specialist_copay: Decimal = Field(ge=0)
    out_of_pocket_max: Decimal | None = None
    copay_applies_before_deductible: bool = True
    preventive_zero_cost_share: bool = True
    lab_cost_share_exempt: bool = False


class TelehealthPolicy(_Frozen):
    allowed_pos: list[str]
    video_modifier: Literal["95", "GT"] | None
    audio_only_allowed: bool
    audio_only_modifiers: list[str]
    covered_codes: list[str]
    pos_10_accepted_from: date | None = None
    note: str = ""


class DaysToPay(_Frozen):
    distribution: Literal["fixed_plus_jitter", "lognormal"]
    median_days: int = Field(gt=0)
    p90_days: int | None = None
    jitter_max_days: int = 0
    ceiling_days: int | None = None


class FeeMultipliers(_Frozen):
    """Contracted allowed amount = Medicare national amount x multiplier."""

    evaluation_management: Decimal = Field(gt=0)
    procedures: Decimal = Field(gt=0)


class Payer(_Frozen):
    payer_id: str
    name: str
    payer_type: PayerType
    alternate_ids: list[str] = []
    effective_from: date
    termination_date: date | None = None
    member_id_pattern: str | None
    member_id_example: str | None = None
    timely_filing_days: int | None
    appeal_limit_days: int | None
    status_inquiry_after_days: int = Field(default=30, ge=1)
    """Days a submitted claim may go without an answer (no 835, no rejection) before we ask (276)."""
    telehealth: TelehealthPolicy | None
    prior_auth_codes: list[str] = []
    cost_sharing_plans: list[CostSharingPlan] = []
    fee_multipliers: FeeMultipliers | None
    days_to_pay: DaysToPay | None
    first_pass_denial_rate: Decimal | None = Field(default=None, ge=0, le=1)
    pays_g2211: bool = False
    sequestration_percent: Decimal = Decimal("0")
    claim_data: ClaimDataRequirements | None = None
    """This payer's own claim-data requirements (NDC, referral); None: the directory's defaults."""
    medicare_crossover: bool = False
    """Medicare forwards its claims to this payer itself (a COBA crossover trading partner, as state Medicaid
    programs are): Medicare's 835 says CLP02 19 with NM1*TT, and the provider sends it no claim of its own."""

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.termination_date is None or day <= self.termination_date)

    def member_id_is_valid(self, member_id: str) -> bool:
        """Self-pay has no member id; otherwise the id must match the payer's documented format."""
        if self.member_id_pattern is None:
            return True
        return re.fullmatch(self.member_id_pattern, member_id.strip().upper().replace("-", "")) is not None

    def requires_prior_auth(self, code: str) -> bool:
        return code.strip().upper() in self.prior_auth_codes


class PayerDirectory(_Frozen):
    version: str
    effective_from: date
    payers: list[Payer]
    claim_data_defaults: ClaimDataRequirements = ClaimDataRequirements()


@cache
def payer_directory() -> PayerDirectory:
    return PayerDirectory.model_validate_json(data_text("payers.json"))


def payer(payer_id: str, on: date) -> Payer | None:
    """The version of a payer in force on the date of service (latest effective_from wins)."""
    candidates = [
        entry
        for entry in payer_directory().payers
        if (entry.payer_id == payer_id or payer_id in entry.alternate_ids) and entry.in_force_on(on)
    ]
    return max(candidates, key=lambda entry: entry.effective_from, default=None)


def payers_on(on: date) -> list[Payer]:
    """All payers in force on a date, one version each."""
    ids = dict.fromkeys(entry.payer_id for entry in payer_directory().payers)
    return [found for payer_id in ids if (found := payer(payer_id, on)) is not None]


def claim_data_requirements(found: Payer | None) -> ClaimDataRequirements:
    """The payer's claim-data requirements, or the directory's defaults for a payer without its own (or none)."""
    if found is not None and found.claim_data is not None:
        return found.claim_data
    return payer_directory().claim_data_defaults


def validate_member_id(payer_id: str, member_id: str, on: date) -> bool:
    found = payer(payer_id, on)
    return found is not None and found.member_id_is_valid(member_id)
