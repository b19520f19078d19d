"""Use case: a patient agrees to pay what is due in monthly instalments.

The plan covers the amount due on the statement of the day it is agreed; one plan per patient at a time. Agreeing
again with the same plan id answers the plan as agreed (a retry); a different plan while one is current is
refused (the clinic changes a plan by letting it complete or default first, so the patient's terms never change
under the patient's feet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rcm_remittance.domain.ledger import ZERO
from rcm_remittance.domain.payment_plans import PaymentPlan, PlanStanding
from rcm_remittance.service.ports import Clock
from rcm_remittance.service.queries import RemittanceQueries
from rcm_remittance.service.statements import PatientStatements, PlanRecords

LATEST_FIRST_INSTALMENT_DAYS = 62
"""The first instalment falls due within two months of agreeing, or the plan is a deferral, not a plan."""


class NoSuchPatient(LookupError):
    pass


class PlanRefused(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class PlanInGoodStanding(ValueError):
    pass


@dataclass(frozen=True)
class PlanTerms:
    plan_id: str
    patient_id: str
    instalment: Decimal
    first_due: date


@dataclass
class PaymentPlans:
    queries: RemittanceQueries
    statements: PatientStatements
    plans: PlanRecords
    clock: Clock

    async def agree(self, terms: PlanTerms, tenant_id: str) -> tuple[PaymentPlan, PlanStanding, bool]:
        """The plan and where it stands now, and whether it was agreed now (False: a retry)."""
        visits = await self.queries.current_visits(terms.patient_id, tenant_id)
        if not visits:
            raise NoSuchPatient("no visit of this patient is known to remittance")
        today = self.clock().date()
        existing = await self.plans.current(terms.patient_id, tenant_id)
        if existing is not None and existing.plan_id == terms.plan_id:
            return existing, await self._standing(existing, tenant_id), False
        if existing is not None and (await self._standing(existing, tenant_id)).status == "current":
            raise PlanInGoodStanding("the patient has a payment plan in good standing")
        if not today <= terms.first_due <= date.fromordinal(today.toordinal() + LATEST_FIRST_INSTALMENT_DAYS):
            raise PlanRefused(
                "first_due_date", f"falls due from today to {LATEST_FIRST_INSTALMENT_DAYS} days from today"
            )
        statement = await self.statements.of_patient(terms.patient_id, tenant_id)
        due = ZERO if statement is None else statement.total_due
        if due <= ZERO:
            raise PlanRefused("patient_id", "the patient owes nothing billed: there is nothing to plan")
        try:
            plan = PaymentPlan(
                plan_id=terms.plan_id,
                patient_id=terms.patient_id,
                total=due,
                instalment=terms.instalment,
                first_due=terms.first_due,
                agreed_at=self.clock(),
                paid_before=sum((visit.account.patient_payments for visit in visits), ZERO),
            )
        except ValueError as refused:
            raise PlanRefused("instalment_amount", str(refused)) from None
        if not await self.plans.start(plan, tenant_id, existing.plan_id if existing else None):
            return await self.agree(terms, tenant_id)  # another request stored a plan meanwhile: decide again
        return plan, await self._standing(plan, tenant_id), True

    async def of_patient(
        self, patient_id: str, tenant_id: str, as_of: date | None = None
    ) -> tuple[PaymentPlan, PlanStanding] | None:
        plan = await self.plans.current(patient_id, tenant_id)
        if plan is None:
            return None
        return plan, await self._standing(plan, tenant_id, as_of)

    async def _standing(self, plan: PaymentPlan, tenant_id: str, as_of: date | None = None) -> PlanStanding:
        visits = await self.queries.current_visits(plan.patient_id, tenant_id)
        return await self.statements.standing_of(plan, visits, tenant_id, as_of or self.clock().date())
