"""Real defects a payer finds in a claim, judged by the payer's rules in force on the date of service.

These denials are "caused": fix the claim (add the modifier, the REF*G1, the right POS) and the replacement
claim pays. Rate-drawn denials in adjudication cover everything a simulator cannot see (eligibility, notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rcm_codesets import TELEHEALTH_POS, Payer
from rcm_x12 import Claim

from rcm_clearinghouse.domain.scenario import DenialCause

CLAIM_LEVEL = -1  # line_index for a defect of the whole claim (every line is denied)
EVALUATION_AND_MANAGEMENT = ("9920", "9921")


@dataclass(frozen=True)
class ClaimDefect:
    cause: DenialCause
    line_index: int  # index into claim.lines, or CLAIM_LEVEL
    detail: str


def _telehealth_defects(claim: Claim, payer: Payer, pos_10_required: bool) -> list[ClaimDefect]:
    policy = payer.telehealth
    place = claim.place_of_service
    if place not in TELEHEALTH_POS:
        return []
    if policy is None or place not in policy.allowed_pos:
        return [ClaimDefect(DenialCause.PLACE_OF_SERVICE, CLAIM_LEVEL, f"POS {place} not accepted")]
    if place == "02" and pos_10_required:
        return [ClaimDefect(DenialCause.PLACE_OF_SERVICE, CLAIM_LEVEL, "payer wants POS 10 for home visits")]
    defects: list[ClaimDefect] = []
    accepted_modifiers = set(policy.audio_only_modifiers)
    if policy.video_modifier:
        accepted_modifiers.add(policy.video_modifier)
    for index, line in enumerate(claim.lines):
        if line.procedure_code not in policy.covered_codes:
            detail = f"{line.procedure_code} is not on the payer's telehealth list"
            defects.append(ClaimDefect(DenialCause.NON_COVERED, index, detail))
        elif policy.video_modifier and not accepted_modifiers.intersection(line.modifiers):
            detail = f"{line.procedure_code} needs modifier {policy.video_modifier} on a telehealth visit"
            defects.append(ClaimDefect(DenialCause.MODIFIER, index, detail))
    return defects


def _same_day_modifier_25_defects(claim: Claim) -> list[ClaimDefect]:
    """A payer rule stricter than CPT: an E/M billed with ANY other same-day service needs modifier 25.

    Our coding rules (CPT) ask for 25 only beside procedures, so these claims leave clean and come back
    CO-4: the denial a billing team fixes by adding 25 and sending a replacement.
    """
    others = [line for line in claim.lines if not line.procedure_code.startswith(EVALUATION_AND_MANAGEMENT)]
    if not others:
        return []
    return [
        ClaimDefect(
            DenialCause.MODIFIER, index, f"{line.procedure_code} needs modifier 25 with other services"
        )
        for index, line in enumerate(claim.lines)
        if line.procedure_code.startswith(EVALUATION_AND_MANAGEMENT) and "25" not in line.modifiers
    ]


def _prior_auth_defects(claim: Claim, payer: Payer) -> list[ClaimDefect]:
    if claim.prior_authorization:
        return []
    return [
        ClaimDefect(DenialCause.PRIOR_AUTHORIZATION, index, f"{line.procedure_code} needs an authorization")
        for index, line in enumerate(claim.lines)
        if payer.requires_prior_auth(line.procedure_code)
    ]


def _timely_filing_defects(claim: Claim, payer: Payer, received_on: date) -> list[ClaimDefect]:
    if payer.timely_filing_days is None:
        return []
    earliest = min(line.service_date for line in claim.lines)
    if received_on > earliest + timedelta(days=payer.timely_filing_days):
        detail = f"received {received_on}, more than {payer.timely_filing_days} days after {earliest}"
        return [ClaimDefect(DenialCause.TIMELY_FILING, CLAIM_LEVEL, detail)]
    return []


def find_claim_defects(
    claim: Claim,
    payer: Payer,
    received_on: date,
    pos_10_required: bool = False,
    modifier_25_required: bool = False,
) -> list[ClaimDefect]:
    """Every defect, claim-level ones first; an empty list means the claim is clean for this payer."""
    defects = [
        *_timely_filing_defects(claim, payer, received_on),
        *_telehealth_defects(claim, payer, pos_10_required),
        *_prior_auth_defects(claim, payer),
        *(_same_day_modifier_25_defects(claim) if modifier_25_required else []),
    ]
    return sorted(defects, key=lambda defect: defect.line_index)
