"""The denial rule table: which CARC (with group code, remarks and circumstances) means what, and what to do.

Rules are checked in order and the first match wins. CARC-specific rules come first; a code without one is
classified by our category of it (rcm_codesets carc_categories.csv), and a code we have no category for goes to
a person for review before anything else can claim it; the group-code catch-alls come last, because a PR-27
(coverage ended) is a registration problem before it is a patient bill.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm_codesets.carc_categories import UNKNOWN
from rcm_schemas.vocabulary import CONTRACTUAL_CARCS

from rcm_denials.domain.denial_facts import (
    ClaimCircumstances,
    DeniedLine,
    FixKind,
    RecommendedAction,
    RootCause,
    WorkQueue,
)

ANY: frozenset[str] = frozenset()
ELIGIBILITY = frozenset({"26", "27", "31", "140", "109"})
MODIFIER = frozenset({"4", "182"})
CODING = frozenset({"6", "7", "125", "181"})
AUTHORIZATION = frozenset({"15", "197", "198"})
MEDICAL_NECESSITY = frozenset({"50", "55", "56", "151", "167"})
NON_COVERED = frozenset({"49", "96", "119", "204"})
COB = frozenset({"22", "23"})
COST_SHARE = frozenset({"1", "2", "3"})
PROVIDER_ELIGIBILITY = frozenset({"170", "185", "B7"})
# Remarks that turn a generic CARC 16 into a coding problem; M76 (diagnosis) may be a wrong pointer.
CODING_REMARKS_FOR_16 = frozenset({"M51", "M20", "N56", "N657", "M76"})
BILLING_DATA_REMARKS_FOR_16 = frozenset({"N290", "MA04", "N4"})
# N706 "missing documentation": the payer will adjudicate once it has the paper, sent under a PWK.
DOCUMENTATION_REMARKS_FOR_16 = frozenset({"N706"})


@dataclass(frozen=True, slots=True)
class DenialRule:
    rule_id: str
    carcs: frozenset[str]
    """Empty: any CARC."""
    root_cause: RootCause
    action: RecommendedAction
    queue: WorkQueue
    group: str | None = None
    needs: str | None = None
    """Name of a ClaimCircumstances flag that must be true."""
    any_remark: frozenset[str] = ANY
    auto_fix_kinds: tuple[FixKind, ...] = ()
    categories: frozenset[str] = ANY
    """Our CARC categories the rule covers (empty: any); "unknown" for a code we have no category for."""

    def matches(self, line: DeniedLine, facts: ClaimCircumstances, category: str) -> bool:
        if self.carcs and line.carc not in self.carcs:
            return False
        if self.categories and category not in self.categories:
            return False
        if self.group is not None and line.group_code != self.group:
            return False
        if self.any_remark and not self.any_remark & set(line.rarcs):
            return False
        return self.needs is None or bool(getattr(facts, self.needs))


C, A, Q, F = RootCause, RecommendedAction, WorkQueue, FixKind
R = DenialRule

# fmt: off
CARC_RULES: tuple[DenialRule, ...] = (
    R("DEN-CARC-18-DUPLICATE", frozenset({"18"}), C.DUPLICATE, A.CLOSE_NO_ACTION, Q.BILLING),
    R("DEN-CARC-29-PROOF-OF-FILING", frozenset({"29"}), C.TIMELY_FILING, A.APPEAL, Q.APPEALS,
      needs="has_proof_of_timely_filing"),
    R("DEN-CARC-29-WRITE-OFF", frozenset({"29"}), C.TIMELY_FILING, A.WRITE_OFF, Q.BILLING),
    R("DEN-CARC-27-REGISTRATION-CORRECTED", ELIGIBILITY, C.ELIGIBILITY_REGISTRATION, A.CORRECT_AND_RESUBMIT,
      Q.FRONT_DESK, needs="registration_corrected_since", auto_fix_kinds=(F.UPDATE_REGISTRATION_DATA,)),
    R("DEN-CARC-27-OTHER-COVERAGE", ELIGIBILITY, C.ELIGIBILITY_REGISTRATION, A.BILL_SECONDARY, Q.FRONT_DESK,
      needs="has_secondary_coverage"),
    # With no other coverage on file the front desk must find current coverage before the patient is billed.
    R("DEN-CARC-27-COVERAGE-ENDED", ELIGIBILITY, C.ELIGIBILITY_REGISTRATION, A.CORRECT_AND_RESUBMIT,
      Q.FRONT_DESK),
    R("DEN-CARC-22-COB", COB, C.COORDINATION_OF_BENEFITS, A.BILL_SECONDARY, Q.BILLING),
    R("DEN-PR-COST-SHARE-SECONDARY", COST_SHARE, C.PATIENT_RESPONSIBILITY, A.BILL_SECONDARY, Q.BILLING,
      needs="has_secondary_coverage"),
    R("DEN-PR-COST-SHARE", COST_SHARE, C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT, Q.PATIENT_BILLING),
    R("DEN-CARC-4-MODIFIER", MODIFIER, C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING,
      auto_fix_kinds=(F.ADD_MODIFIER, F.REMOVE_MODIFIER)),
    R("DEN-CARC-5-TELEHEALTH-POS", frozenset({"5"}), C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING,
      needs="telehealth", auto_fix_kinds=(F.CHANGE_PLACE_OF_SERVICE,)),
    R("DEN-CARC-5-POS", frozenset({"5"}), C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING),
    # 59/X{EPSU} asserts a distinct service: only a coder with the documentation may add it, never a rule.
    R("DEN-CARC-236-NCCI-MODIFIER", frozenset({"236"}), C.BUNDLING, A.CORRECT_AND_RESUBMIT, Q.CODING),
    R("DEN-CARC-97-BUNDLED", frozenset({"97", "234"}), C.BUNDLING, A.WRITE_OFF, Q.CODING),
    # Before the coding remarks: with N706 the payer asks for paper first, whatever else it remarks on.
    R("DEN-CARC-16-N706-ATTACHMENT", frozenset({"16"}), C.OTHER, A.ATTACH_DOCUMENTATION, Q.BILLING,
      any_remark=DOCUMENTATION_REMARKS_FOR_16),
    R("DEN-CARC-16-CODING", frozenset({"16"}), C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING,
      any_remark=CODING_REMARKS_FOR_16, auto_fix_kinds=(F.CHANGE_DIAGNOSIS_POINTERS,)),
    R("DEN-CARC-16-BILLING-DATA", frozenset({"16"}), C.OTHER, A.CORRECT_AND_RESUBMIT, Q.BILLING,
      any_remark=BILLING_DATA_REMARKS_FOR_16),
    R("DEN-CARC-16-MISSING-DATA", frozenset({"16"}), C.OTHER, A.CORRECT_AND_RESUBMIT, Q.BILLING),
    R("DEN-CARC-11-DIAGNOSIS", frozenset({"11"}), C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING,
      auto_fix_kinds=(F.CHANGE_DIAGNOSIS_POINTERS,)),
    R("DEN-CARC-CODING", CODING, C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING),
    R("DEN-CARC-197-AUTH-ON-FILE", AUTHORIZATION, C.AUTHORIZATION, A.APPEAL, Q.APPEALS,
      needs="authorization_on_file"),
    R("DEN-CARC-197-NO-AUTH", AUTHORIZATION, C.AUTHORIZATION, A.WRITE_OFF, Q.BILLING),
    R("DEN-CARC-50-MEDICAL-NECESSITY", MEDICAL_NECESSITY, C.MEDICAL_NECESSITY, A.APPEAL, Q.APPEALS),
    # A signed ABN or a PR group makes the patient liable for a non-covered service; otherwise the clinic is.
    R("DEN-CARC-96-ABN-ON-FILE", NON_COVERED, C.NON_COVERED, A.BILL_PATIENT, Q.PATIENT_BILLING,
      needs="has_abn"),
    R("DEN-CARC-96-PATIENT-LIABLE", NON_COVERED, C.NON_COVERED, A.BILL_PATIENT, Q.PATIENT_BILLING,
      group="PR"),
    R("DEN-CARC-96-NO-ABN", NON_COVERED, C.NON_COVERED, A.WRITE_OFF, Q.BILLING),
    # 252 "an attachment/other documentation is required": answered by resubmitting with the PWK, not an appeal.
    R("DEN-CARC-252-ATTACHMENT", frozenset({"252"}), C.OTHER, A.ATTACH_DOCUMENTATION, Q.BILLING),
    R("DEN-CARC-B7-PROVIDER-ELIGIBILITY", PROVIDER_ELIGIBILITY, C.OTHER, A.CORRECT_AND_RESUBMIT, Q.BILLING),
)


def by_category(rule_id: str, category: str, cause: RootCause, action: RecommendedAction, queue: WorkQueue,
                needs: str | None = None, group: str | None = None) -> DenialRule:  # fmt: skip
    return DenialRule(rule_id, ANY, cause, action, queue, group=group, needs=needs, categories=frozenset({category}))


K = by_category

# A code without a rule of its own is worked like the codes above that share its category; nothing is fixed
# automatically on a category alone, and where a specific rule would close or write off at once, a person checks.
CATEGORY_RULES: tuple[DenialRule, ...] = (
    # Not known to be a denial: a person reads the code and its remarks before anyone bills, appeals or writes off.
    K("DEN-CARC-UNRECOGNISED", UNKNOWN, C.UNRECOGNISED_CODE, A.REVIEW_ADJUSTMENT_CODE, Q.BILLING),
    K("DEN-CAT-ELIGIBILITY-OTHER-COVERAGE", "eligibility_registration", C.ELIGIBILITY_REGISTRATION,
      A.BILL_SECONDARY, Q.FRONT_DESK, needs="has_secondary_coverage"),
    K("DEN-CAT-ELIGIBILITY", "eligibility_registration", C.ELIGIBILITY_REGISTRATION, A.CORRECT_AND_RESUBMIT,
      Q.FRONT_DESK),
    # PR with a COB code (e.g. 275, the prior payer's cost share not covered): the patient owes it, as today.
    K("DEN-CAT-COB-PATIENT-LIABLE", "coordination_of_benefits", C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT,
      Q.PATIENT_BILLING, group="PR"),
    K("DEN-CAT-COB", "coordination_of_benefits", C.COORDINATION_OF_BENEFITS, A.BILL_SECONDARY, Q.BILLING),
    K("DEN-CAT-PATIENT-SHARE-SECONDARY", "patient_share", C.PATIENT_RESPONSIBILITY, A.BILL_SECONDARY, Q.BILLING,
      needs="has_secondary_coverage"),
    K("DEN-CAT-PATIENT-SHARE", "patient_share", C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT, Q.PATIENT_BILLING),
    K("DEN-CAT-CODING", "coding", C.CODING, A.CORRECT_AND_RESUBMIT, Q.CODING),
    K("DEN-CAT-BUNDLING", "bundling", C.BUNDLING, A.WRITE_OFF, Q.CODING),
    K("DEN-CAT-AUTH-ON-FILE", "authorization", C.AUTHORIZATION, A.APPEAL, Q.APPEALS,
      needs="authorization_on_file"),
    K("DEN-CAT-AUTH", "authorization", C.AUTHORIZATION, A.WRITE_OFF, Q.BILLING),
    K("DEN-CAT-MEDICAL-NECESSITY", "medical_necessity", C.MEDICAL_NECESSITY, A.APPEAL, Q.APPEALS),
    K("DEN-CAT-TIMELY-FILING-PROOF", "timely_filing", C.TIMELY_FILING, A.APPEAL, Q.APPEALS,
      needs="has_proof_of_timely_filing"),
    K("DEN-CAT-TIMELY-FILING", "timely_filing", C.TIMELY_FILING, A.WRITE_OFF, Q.BILLING),
    K("DEN-CAT-NON-COVERED-ABN", "non_covered", C.NON_COVERED, A.BILL_PATIENT, Q.PATIENT_BILLING, needs="has_abn"),
    K("DEN-CAT-NON-COVERED-PATIENT-LIABLE", "non_covered", C.NON_COVERED, A.BILL_PATIENT, Q.PATIENT_BILLING,
      group="PR"),
    K("DEN-CAT-NON-COVERED", "non_covered", C.NON_COVERED, A.WRITE_OFF, Q.BILLING),
    # Unlike CARC 18, "previously paid" or "furnished by another provider" needs the earlier payment found.
    K("DEN-CAT-DUPLICATE", "duplicate", C.DUPLICATE, A.WRITE_OFF, Q.BILLING),
    K("DEN-CAT-DOCUMENTATION", "documentation", C.OTHER, A.APPEAL, Q.APPEALS),
    K("DEN-CAT-PROVIDER-ELIGIBILITY", "provider_eligibility", C.OTHER, A.CORRECT_AND_RESUBMIT, Q.BILLING),
    # Only CO-45/253 leave A/R as the contract (NOT_A_DENIAL_CARCS, shared with the books); any other CO
    # contractual code stays work: a biller checks it against the contract before writing it off. PR, OA and PI
    # contractual codes (PR-45 included) keep the catch-alls they had.
    K("DEN-CAT-CONTRACTUAL", "contractual", C.OTHER, A.WRITE_OFF, Q.BILLING, group="CO"),
    # payer_processing, informational and other_adjustment have no rule of their own: the catch-alls below.
)

CATCH_ALL_RULES: tuple[DenialRule, ...] = (
    R("DEN-GROUP-PR", ANY, C.PATIENT_RESPONSIBILITY, A.BILL_PATIENT, Q.PATIENT_BILLING, group="PR"),
    R("DEN-DEFAULT-REVIEW", ANY, C.OTHER, A.CORRECT_AND_RESUBMIT, Q.BILLING),
)
# fmt: on

DENIAL_RULES: tuple[DenialRule, ...] = (*CARC_RULES, *CATEGORY_RULES, *CATCH_ALL_RULES)

# CARCs that are not denials at all: contractual write-downs and sequestration never become work.
NOT_A_DENIAL_CARCS = CONTRACTUAL_CARCS  # one list with the books (rcm_schemas.vocabulary)

# 277CA/999 rejections point at the segment at fault: subscriber and patient segments are registration data.
REGISTRATION_SEGMENTS = frozenset({"NM1", "N3", "N4", "DMG", "SBR", "PAT", "REF"})
CODING_SEGMENTS = frozenset({"SV1", "HI", "LX"})
