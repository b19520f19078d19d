"""Payer rules: timely filing, duplicates, telehealth policy, prior authorisation.

Each payer's policy comes from rcm_codesets' payer directory in force on the date of service. The telehealth
modifier is the one finding fixed automatically: the payer's policy alone decides the right modifier, so no
judgement is involved, and the change is recorded in an AuditRecord.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from rcm_codesets import TELEHEALTH_MODIFIERS, TelehealthPolicy, claim_data_requirements

from rcm_claims.domain.claim import MAX_MODIFIERS, ProfessionalClaim, ServiceLine
from rcm_claims.domain.findings import AuditRecord, Finding
from rcm_claims.domain.rule_engine import Hit, ScrubContext, ScrubRule


def _timely_filing(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    found = context.payer_for(claim)
    if found is None or found.timely_filing_days is None:
        return
    if claim.delay_reason_code and claim_data_requirements(found).accepts_delay_reason:
        return  # CLM20 asks the payer to consider the late claim: sent, and the payer decides
    deadline = claim.first_date_of_service + timedelta(days=found.timely_filing_days)
    if deadline < context.submission_date:
        yield Hit(
            f"{found.name} accepts claims up to {found.timely_filing_days} days after the date of "
            f"service; the limit was {deadline}"
        )


def _duplicate(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    # A replacement (or the corrected resubmission of a rejected claim) is meant to match what it replaces.
    if claim.original_claim_id is None and claim.duplicate_fingerprint() in context.prior_fingerprints:
        yield Hit("a claim for the same patient, dates of service and codes was already submitted")


def _prior_auth(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    found = context.payer_for(claim)
    if found is None or claim.prior_authorization_number:
        return
    for line in claim.lines:
        if found.requires_prior_auth(line.procedure_code):
            yield Hit(
                f"line {line.line_number}: {found.name} requires prior authorisation for "
                f"{line.procedure_code} and none is on the claim",
                line.line_number,
            )


def _telehealth_policy(claim: ProfessionalClaim, context: ScrubContext) -> TelehealthPolicy | None:
    found = context.payer_for(claim)
    return found.telehealth if claim.telehealth and found is not None else None


def expected_telehealth_modifier(claim: ProfessionalClaim, policy: TelehealthPolicy) -> str | None:
    """The modifier the payer wants on a covered telehealth line; None when the POS alone says telehealth."""
    if claim.telehealth_mode == "audio_only":
        return str(policy.audio_only_modifiers[0]) if policy.audio_only_modifiers else None
    video: str | None = policy.video_modifier
    return video


def _with_telehealth_modifier(line: ServiceLine, wanted: str) -> tuple[str, ...]:
    # Another telehealth modifier (e.g. GT for a payer wanting 95) would contradict the wanted one.
    kept = tuple(code for code in line.modifiers if code not in TELEHEALTH_MODIFIERS)
    return (*kept, wanted)


def _telehealth_modifier(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    policy = _telehealth_policy(claim, context)
    if policy is None or (wanted := expected_telehealth_modifier(claim, policy)) is None:
        return
    for line in claim.lines:
        if line.procedure_code in policy.covered_codes and wanted not in line.modifiers:
            fixable = len(_with_telehealth_modifier(line, wanted)) <= MAX_MODIFIERS
            yield Hit(
                f"line {line.line_number}: telehealth modifier {wanted} is required by the payer",
                line.line_number,
                auto_fixable=fixable,
            )


def _fix_telehealth_modifier(
    claim: ProfessionalClaim, finding: Finding, context: ScrubContext
) -> tuple[ProfessionalClaim, AuditRecord] | None:
    policy = _telehealth_policy(claim, context)
    line = claim.line(finding.line_number) if finding.line_number is not None else None
    if policy is None or line is None or (wanted := expected_telehealth_modifier(claim, policy)) is None:
        return None
    modifiers = _with_telehealth_modifier(line, wanted)
    audit = AuditRecord(
        rule_id=finding.rule_id,
        line_number=line.line_number,
        field="modifiers",
        before=",".join(line.modifiers),
        after=",".join(modifiers),
        at=context.scrubbed_at,
    )
    return claim.replace_line(line.with_modifiers(modifiers)), audit


def _telehealth_place(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    policy = _telehealth_policy(claim, context)
    if policy is not None and claim.place_of_service not in policy.allowed_pos:
        yield Hit(
            f"telehealth visit billed with POS {claim.place_of_service}; the payer accepts "
            f"{', '.join(policy.allowed_pos)}"
        )


def _telehealth_coverage(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    policy = _telehealth_policy(claim, context)
    if policy is None:
        return
    if claim.telehealth_mode == "audio_only" and not policy.audio_only_allowed:
        yield Hit("the payer does not cover audio-only visits")
    for line in claim.lines:
        if line.procedure_code not in policy.covered_codes:
            yield Hit(
                f"line {line.line_number}: {line.procedure_code} is not on the payer's telehealth list",
                line.line_number,
            )


PAYER_RULES: tuple[ScrubRule, ...] = (
    ScrubRule(
        "payer.timely_filing",
        "error",
        "Past the filing limit: write off, or appeal with proof of timely filing.",
        _timely_filing,
    ),
    ScrubRule(
        "payer.duplicate_claim",
        "error",
        "Check the earlier claim's status instead of resubmitting; correct it with frequency 7.",
        _duplicate,
    ),
    ScrubRule(
        "payer.prior_auth_missing",
        "error",
        "Enter the authorisation number from the payer portal, or request a retro authorisation.",
        _prior_auth,
    ),
    ScrubRule(
        "payer.telehealth_modifier",
        "error",
        "Add the payer's telehealth modifier to the line (done automatically when possible).",
        _telehealth_modifier,
        fix=_fix_telehealth_modifier,
    ),
    ScrubRule(
        "payer.telehealth_place_of_service",
        "error",
        "Use POS 10 when the patient was at home, POS 02 otherwise.",
        _telehealth_place,
    ),
    ScrubRule(
        "payer.telehealth_not_covered",
        "error",
        "Bill as an in-person visit if it was one, or bill the patient per the payer's policy.",
        _telehealth_coverage,
    ),
)
