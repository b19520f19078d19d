"""Which denial cases a front-desk coverage correction (EncounterCoverageCorrected) resolves, and what it tells
a denial that comes after it.

A coverage denial (CO-27 and the other eligibility codes) is the front desk's to fix: once registration says the
encounter's coverage was corrected, the claim is rebilled with it. A case routed to a person is resolved as
corrected by the front desk; a denial arriving after the correction (the two travel on different topics) is
auto-corrected by the rule DEN-CARC-27-REGISTRATION-CORRECTED, which needs `registration_corrected_since`.
"""

from __future__ import annotations

from rcm_denials.domain.denial_case import CaseStatus, DenialCase
from rcm_denials.domain.denial_facts import ClaimCircumstances, FrozenModel, RootCause, WorkQueue
from rcm_denials.domain.fix_proposals import ClaimFactsForCorrection
from rcm_denials.domain.work_items import WorkItemStatus


class CoverageCorrection(FrozenModel):
    """What denials keeps of a correction, by encounter: the coverage as registration published it."""

    encounter_id: str
    correction_id: str
    corrected_by: str
    payer_id: str
    coverage_json: str
    """The wire Coverage as JSON, passed on to claims unchanged (member id: PHI, stored sealed)."""


def awaits_registration_fix(case: DenialCase) -> bool:
    """An open work item on a coverage denial: eligibility/registration, or anything the front desk holds."""
    item = case.work_item
    if case.status is not CaseStatus.ROUTED or item is None or item.status is not WorkItemStatus.OPEN:
        return False
    return item.root_cause is RootCause.ELIGIBILITY_REGISTRATION or item.queue is WorkQueue.FRONT_DESK


def corrected_circumstances(
    circumstances: ClaimCircumstances,
    facts: ClaimFactsForCorrection | None,
    correction: CoverageCorrection,
    *,
    denying_payer_id: str,
) -> tuple[ClaimCircumstances, ClaimFactsForCorrection | None]:
    """A denial from a payer other than the corrected coverage's was billed before the correction: the coverage
    was corrected since, and the fix is the corrected coverage. A denial from the corrected coverage's own payer
    is that payer's answer to it, so the correction says nothing about it (a second rebill would loop)."""
    if correction.payer_id == denying_payer_id or facts is None:
        return circumstances, facts
    return (
        circumstances.model_copy(update={"registration_corrected_since": True}),
        facts.model_copy(update={"registration_coverage": correction.coverage_json}),
    )
