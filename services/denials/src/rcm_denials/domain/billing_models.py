"""Who works which queue: each clinic's billing model, as tenant configuration that can be changed.

in_house: the clinic's staff work every queue. outsourced: the billing company's team works every queue.
hybrid: each queue has an owner, and specialty claims may go to one team whatever their queue.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from pydantic import Field, model_validator

from rcm_denials.domain.denial_facts import FrozenModel, WorkQueue


class Team(StrEnum):
    CLINIC = "clinic"
    BILLING_COMPANY = "billing_company"


class BillingModel(StrEnum):
    IN_HOUSE = "in_house"
    OUTSOURCED = "outsourced"
    HYBRID = "hybrid"


# The common hybrid split: the clinic knows its patients and its charts, the billing company knows the payers.
TYPICAL_HYBRID_OWNERS: MappingProxyType[WorkQueue, Team] = MappingProxyType(
    {
        WorkQueue.FRONT_DESK: Team.CLINIC,
        WorkQueue.CODING: Team.CLINIC,
        WorkQueue.PATIENT_BILLING: Team.CLINIC,
        WorkQueue.BILLING: Team.BILLING_COMPANY,
        WorkQueue.APPEALS: Team.BILLING_COMPANY,
    }
)


class TenantBillingConfig(FrozenModel):
    tenant_id: str = Field(min_length=1, max_length=64)
    billing_model: BillingModel
    queue_owners: dict[WorkQueue, Team] = {}
    """Hybrid only: the owner of every queue."""
    specialty_claims_team: Team | None = None
    """Hybrid only: specialty claims go to this team in every queue (None: by queue like any claim)."""
    version: int = Field(default=1, ge=1)
    changed_by: str | None = None

    @model_validator(mode="after")
    def _owners_fit_the_model(self) -> TenantBillingConfig:
        if self.billing_model is BillingModel.HYBRID:
            missing = sorted(queue.value for queue in WorkQueue if queue not in self.queue_owners)
            if missing:
                raise ValueError(
                    f"a hybrid billing model must name the team of every queue; missing: {missing}"
                )
            return self
        # A single-team model with per-queue owners would be contradictory, so it is refused, not ignored.
        if self.queue_owners or self.specialty_claims_team is not None:
            raise ValueError(
                f"per-queue owners and a specialty team need the hybrid model, not {self.billing_model}"
            )
        return self

    def team_for(self, queue: WorkQueue, *, specialty_claim: bool = False) -> Team:
        if self.billing_model is BillingModel.IN_HOUSE:
            return Team.CLINIC
        if self.billing_model is BillingModel.OUTSOURCED:
            return Team.BILLING_COMPANY
        if specialty_claim and self.specialty_claims_team is not None:
            return self.specialty_claims_team
        return self.queue_owners[queue]

    def changed(
        self,
        *,
        billing_model: BillingModel,
        queue_owners: dict[WorkQueue, Team] | None = None,
        specialty_claims_team: Team | None = None,
        changed_by: str,
    ) -> TenantBillingConfig:
        """The next version of the configuration (validated); existing work items keep their team."""
        return TenantBillingConfig(
            tenant_id=self.tenant_id,
            billing_model=billing_model,
            queue_owners=dict(queue_owners or {}),
            specialty_claims_team=specialty_claims_team,
            version=self.version + 1,
            changed_by=changed_by,
        )
