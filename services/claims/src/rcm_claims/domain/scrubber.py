"""The scrubber: run every rule, apply the automatic fixes, and say whether the claim may go out.

Fixes are applied and then every rule runs again on the fixed claim, so a fix can never hide another problem
(or create one) unseen. Errors hold the claim unless a biller accepted that rule id on release (a rule that is
not waivable cannot be accepted: the 837P writer would refuse the claim anyway). Which rules run
depends on who is billed (rules_for): a self-pay claim is the patient's bill and skips the payer rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.findings import AuditRecord, Finding
from rcm_claims.domain.rule_engine import ScrubContext, ScrubRule
from rcm_claims.domain.rules_837p import SUBMISSION_FORMAT_RULES
from rcm_claims.domain.rules_claim_details import CLAIM_DETAIL_RULES
from rcm_claims.domain.rules_completeness import COMPLETENESS_RULES
from rcm_claims.domain.rules_ncci import NCCI_RULES
from rcm_claims.domain.rules_payer import PAYER_RULES

DEFAULT_RULES: tuple[ScrubRule, ...] = (
    *COMPLETENESS_RULES,
    *NCCI_RULES,
    *PAYER_RULES,
    *SUBMISSION_FORMAT_RULES,
    *CLAIM_DETAIL_RULES,
)
# A self-pay claim is billed to the patient, not sent to a payer. The coding rules still apply: a patient is billed
# only for correctly coded services (NCCI pairs and MUE units say what is separately billable at all, whoever
# pays), and the completeness rules keep the bill's providers, diagnoses and lines right. The payer rules model
# what one payer's adjudication would refuse (its filing limit, duplicate edit, prior authorisations, telehealth
# policy); with no payer there is no such adjudication, and the self-pay entry of the directory has none of them.
# Nor is an 837P written, so what only the 837P format asks (SUBMISSION_FORMAT_RULES, CLAIM_DETAIL_RULES) does not
# apply either.
SELF_PAY_RULES: tuple[ScrubRule, ...] = (*COMPLETENESS_RULES, *NCCI_RULES)
# Fixes are idempotent, so two rounds settle; the cap only guards against two fixes undoing each other.
_MAX_FIX_ROUNDS = 3


@dataclass(frozen=True)
class ScrubResult:
    claim: ProfessionalClaim
    """The claim after automatic fixes (the original when nothing was fixed)."""
    findings: tuple[Finding, ...]
    """What remains after the fixes: errors and warnings."""
    audit: tuple[AuditRecord, ...]
    accepted_rule_ids: frozenset[str] = frozenset()

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(
            finding
            for finding in self.findings
            if finding.severity == "error" and finding.rule_id not in self.accepted_rule_ids
        )

    @property
    def passed(self) -> bool:
        return not self.blocking

    @property
    def rule_ids(self) -> frozenset[str]:
        return frozenset(finding.rule_id for finding in self.findings)


def rules_for(claim: ProfessionalClaim, context: ScrubContext) -> tuple[ScrubRule, ...]:
    """The rules a claim is judged by: every rule, or without the payer rules when the patient pays."""
    return SELF_PAY_RULES if context.bills_patient(claim) else DEFAULT_RULES


def _run(claim: ProfessionalClaim, context: ScrubContext, rules: Sequence[ScrubRule]) -> list[Finding]:
    return [finding for rule in rules for finding in rule.findings(claim, context)]


def scrub(
    claim: ProfessionalClaim,
    context: ScrubContext,
    rules: Sequence[ScrubRule] | None = None,
    accepted_rule_ids: Iterable[str] = (),
) -> ScrubResult:
    """Scrub with `rules`, by default the rules for who is billed (rules_for)."""
    if rules is None:
        rules = rules_for(claim, context)
    by_id = {rule.rule_id: rule for rule in rules}
    audit: list[AuditRecord] = []
    findings = _run(claim, context, rules)
    for _ in range(_MAX_FIX_ROUNDS):
        fixed_any = False
        for finding in findings:
            fix = by_id[finding.rule_id].fix
            if not finding.auto_fixable or fix is None:
                continue
            outcome = fix(claim, finding, context)
            if outcome is not None:
                claim, record = outcome
                audit.append(record)
                fixed_any = True
        if not fixed_any:
            break
        findings = _run(claim, context, rules)
    waivable = frozenset(rule.rule_id for rule in rules if rule.waivable)
    return ScrubResult(claim, tuple(findings), tuple(audit), frozenset(accepted_rule_ids) & waivable)
