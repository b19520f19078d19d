"""A biller's correction that gives a held claim the 837P details a scrubber rule found missing (the answer
to data.clia_missing, payer.ndc_missing, payer.referral_missing, data.accident_details_missing, and PWK
paperwork for CO-16 N706 / CO-252). A field left None keeps the claim's value."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.claim_details import Attachment, LineDrug, NamedClinician, RelatedCauses


class LineDrugSetting(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    line_number: int = Field(ge=1, le=50)
    drug: LineDrug


class SetClaimDetails(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["set_claim_details"] = "set_claim_details"
    referring_provider: NamedClinician | None = None
    supervising_provider: NamedClinician | None = None
    clia_number: str | None = None
    delay_reason_code: str | None = None
    related_causes: RelatedCauses | None = None
    onset_date: date | None = None
    attachments: tuple[Attachment, ...] | None = Field(default=None, max_length=10)
    """Replaces the claim's attachments when given (an empty tuple removes them)."""
    line_drugs: tuple[LineDrugSetting, ...] = ()

    def missing_lines(self, claim: ProfessionalClaim) -> list[int]:
        return [setting.line_number for setting in self.line_drugs if claim.line(setting.line_number) is None]

    def applied_to(self, claim: ProfessionalClaim) -> ProfessionalClaim:
        """The claim with these details; the caller checks missing_lines first."""
        update = self.model_dump(exclude={"kind", "line_drugs"}, exclude_none=True)
        # model_dump turns the nested models into dicts: take the models themselves back.
        changed = claim.model_copy(update={name: getattr(self, name) for name in update})
        for setting in self.line_drugs:
            line = changed.line(setting.line_number)
            if line is not None:
                changed = changed.replace_line(line.model_copy(update={"drug": setting.drug}))
        return changed
