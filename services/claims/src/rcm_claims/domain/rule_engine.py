"""The shape of a scrubber rule: an id, a severity, a fix hint, a check, and optionally an automatic fix.

A rule's check only reports (Hit); the engine turns hits into Findings so every finding carries the rule's id,
severity and hint the same way. Reference data comes in through ScrubContext, which keeps rules pure and lets
tests choose the NCCI/MUE tables or the payer directory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from rcm_codesets import Payer, PayerType, payer

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.findings import AuditRecord, Finding, Severity
from rcm_claims.rules_data.mue import MueTable
from rcm_claims.rules_data.ncci import PtpTable

PayerLookup = Callable[[str, date], Payer | None]


@dataclass(frozen=True)
class ScrubContext:
    """Everything a rule may consult besides the claim itself."""

    submission_date: date
    scrubbed_at: datetime
    ptp: PtpTable
    """The NCCI procedure-to-procedure edits in force (an empty table: the PTP rules find nothing)."""
    mue: MueTable
    prior_fingerprints: frozenset[str] = frozenset()
    """duplicate_fingerprint() of claims already submitted for this tenant (the caller keeps them)."""
    payer_lookup: PayerLookup = payer

    def payer_for(self, claim: ProfessionalClaim) -> Payer | None:
        return self.payer_lookup(claim.coverage.payer_id, claim.first_date_of_service)

    def bills_patient(self, claim: ProfessionalClaim) -> bool:
        """A self-pay claim: the patient is billed directly and no payer is asked (no 837P)."""
        found = self.payer_for(claim)
        return found is not None and found.payer_type == PayerType.SELF_PAY


@dataclass(frozen=True)
class Hit:
    message: str
    line_number: int | None = None
    auto_fixable: bool = False


Check = Callable[[ProfessionalClaim, ScrubContext], Iterable[Hit]]
Fix = Callable[[ProfessionalClaim, Finding, ScrubContext], tuple[ProfessionalClaim, AuditRecord] | None]


@dataclass(frozen=True)
class ScrubRule:
    rule_id: str
    severity: Severity
    fix_hint: str
    check: Check
    fix: Fix | None = None
    """Only for findings a machine can fix from reference data alone; None means a human decides."""
    waivable: bool = True
    """False when the 837P writer refuses such a claim anyway: a biller's acceptance on release would only move
    the failure from the work queue to submission (a dead-lettered command), so it is not honoured."""

    def findings(self, claim: ProfessionalClaim, context: ScrubContext) -> list[Finding]:
        return [
            Finding(
                rule_id=self.rule_id,
                severity=self.severity,
                message=hit.message,
                fix_hint=self.fix_hint,
                line_number=hit.line_number,
                auto_fixable=hit.auto_fixable and self.fix is not None,
            )
            for hit in self.check(claim, context)
        ]
