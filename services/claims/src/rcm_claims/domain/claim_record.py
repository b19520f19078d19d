"""The claim aggregate as stored: content, lifecycle state, scrub outcome and correction bookkeeping.

One document per claim, so a state change, its processed-event marker (the history) and the events to publish
can be written together (the house's single-document atomicity rule).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.findings import AuditRecord, Finding
from rcm_claims.domain.lifecycle import ClaimState, ClaimStatus
from rcm_claims.domain.work_items import WorkItem


class ClaimRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    claim: ProfessionalClaim
    state: ClaimState = ClaimState()
    findings: tuple[Finding, ...] = ()
    audit: tuple[AuditRecord, ...] = ()
    work_item: WorkItem | None = None
    payer_claim_control_number: str = ""
    """The payer's number for this claim (277CA or 835), needed as REF*F8 when it is replaced."""
    submitted_content_fingerprints: tuple[str, ...] = ()
    """content_fingerprint() of every version sent, so an unchanged claim is never resubmitted."""
    applied_correction_fingerprints: tuple[str, ...] = ()
    replaced_by_claim_id: str | None = None
    x12_837p: str = ""

    @property
    def claim_id(self) -> str:
        return self.claim.claim_id

    @property
    def status(self) -> ClaimStatus:
        return self.state.status
