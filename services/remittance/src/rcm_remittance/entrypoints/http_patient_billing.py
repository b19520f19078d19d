"""HTTP entry points of patient billing beyond payments and statements: payment plans, refunds of credit
balances, and each clinic's patient billing policy. Refusals name the field and never quote the value sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import uuid4

from fastapi import Body, HTTPException, Path
from fastapi.responses import JSONResponse
from rcm_platform import Service
from rcm_platform.http import (
    ActingCaller,
    FieldProblem,
    IdempotencyKey,
    TenantId,
    idempotent_id,
    unprocessable,
)
from rcm_schemas.codes import TENANT_ID_PATTERN

from rcm_remittance.domain.billing_policy import PatientBillingPolicy
from rcm_remittance.domain.ledger import PATIENT
from rcm_remittance.domain.payment_plans import PaymentPlan, PlanStanding
from rcm_remittance.entrypoints.http_models import (
    PatientBillingPolicyBody,
    PatientBillingPolicyView,
    PaymentPlanBody,
    PlanStandingView,
    RefundBody,
    RefundView,
)
from rcm_remittance.service.patient_payments import PatientPayments
from rcm_remittance.service.payment_plans import (
    NoSuchPatient,
    PaymentPlans,
    PlanInGoodStanding,
    PlanRefused,
    PlanTerms,
)
from rcm_remittance.service.queries import money
from rcm_remittance.service.refunds import MoreThanTheCredit, NoSuchClaim, Refund, Refunds
from rcm_remittance.service.statements import PatientStatements, PolicyRecords

REFUND_SCOPE = "refund"


@dataclass(frozen=True)
class PatientBilling:
    """The use cases that bill patients, as the routes need them."""

    payments: PatientPayments
    statements: PatientStatements
    plans: PaymentPlans
    refunds: Refunds
    policies: PolicyRecords


TenantPath = Annotated[str, Path(pattern=TENANT_ID_PATTERN)]


def plan_view(plan: PaymentPlan, standing: PlanStanding) -> PlanStandingView:
    return PlanStandingView(
        plan_id=plan.plan_id,
        status=standing.status,
        total=money(plan.total),
        instalment_amount=money(plan.instalment),
        first_due_date=plan.first_due.isoformat(),
        paid=money(standing.paid),
        remaining=money(standing.remaining),
        next_due_date=standing.next_due.isoformat() if standing.next_due else None,
        next_amount=money(standing.next_amount),
    )


def register_plan_routes(service: Service, plans: PaymentPlans) -> None:
    @service.http.post(
        "/patients/{patient_id}/payment-plans",
        status_code=201,
        response_model=PlanStandingView,
        responses={
            200: {"model": PlanStandingView, "description": "a retry: the plan as agreed"},
            409: {"description": "the patient has another payment plan in good standing"},
        },
    )
    async def agree_payment_plan(patient_id: str, body: PaymentPlanBody, tenant_id: TenantId) -> JSONResponse:
        terms = PlanTerms(body.plan_id, patient_id, body.instalment_amount, body.first_due_date)
        try:
            plan, standing, new = await plans.agree(terms, tenant_id)
        except NoSuchPatient as missing:
            raise HTTPException(404, detail=str(missing)) from None
        except PlanInGoodStanding as busy:
            raise HTTPException(409, detail=str(busy)) from None
        except PlanRefused as refused:
            location = ("path", "patient_id") if refused.field == "patient_id" else ("body", refused.field)
            raise unprocessable([FieldProblem(location, str(refused))]) from None
        return JSONResponse(plan_view(plan, standing).model_dump(), status_code=201 if new else 200)

    @service.http.get("/patients/{patient_id}/payment-plan", response_model=PlanStandingView)
    async def get_payment_plan(
        patient_id: str, tenant_id: TenantId, as_of: date | None = None
    ) -> PlanStandingView:
        found = await plans.of_patient(patient_id, tenant_id, as_of)
        if found is None:
            raise HTTPException(404, detail="this patient has no payment plan")
        return plan_view(*found)


def register_refund_routes(service: Service, refunds: Refunds) -> None:
    @service.http.post(
        "/claims/{claim_id}/refunds",
        status_code=201,
        response_model=RefundView,
        responses={200: {"model": RefundView, "description": "a retry: the refund as first booked"}},
    )
    async def refund_credit(
        claim_id: str, body: RefundBody, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> JSONResponse:
        refund_id = str(
            idempotent_id(tenant_id, REFUND_SCOPE, idempotency_key) if idempotency_key else uuid4()
        )
        refund = Refund(refund_id, claim_id, body.to, body.amount, body.method, body.reference)
        try:
            entry, new = await refunds.refund(refund, tenant_id)
        except NoSuchClaim as missing:
            raise HTTPException(404, detail=str(missing)) from None
        except MoreThanTheCredit as refused:
            raise unprocessable([FieldProblem(("body", "amount"), str(refused))]) from None
        view = RefundView(
            refund_id=refund_id,
            claim_id=entry.claim_id or claim_id,
            to="patient" if entry.payer_id == PATIENT else "payer",
            amount=money(entry.amount),
            method=entry.payment_method,
            posted_at=entry.posted_at.isoformat(),
        )
        return JSONResponse(view.model_dump(), status_code=201 if new else 200)


def _policy_view(policy: PatientBillingPolicy) -> PatientBillingPolicyView:
    return PatientBillingPolicyView(
        minimum_statement_balance=money(policy.minimum_statement_balance),
        small_balance_write_off_below=money(policy.small_balance_write_off_below),
        plan_grace_days=policy.plan_grace_days,
        changed_by=policy.changed_by,
    )


def _same_tenant(path_tenant: str, acting_tenant: str) -> None:
    # Another tenant's policy is answered like a missing one: its existence is not revealed.
    if path_tenant != acting_tenant:
        raise HTTPException(status_code=404, detail="no such tenant")


def register_policy_routes(service: Service, policies: PolicyRecords) -> None:
    path = "/tenants/{tenant_id}/patient-billing-policy"

    @service.http.get(path, response_model=PatientBillingPolicyView)
    async def get_patient_billing_policy(tenant_id: TenantPath, acting: TenantId) -> PatientBillingPolicyView:
        _same_tenant(tenant_id, acting)
        return _policy_view(await policies.get(tenant_id))

    @service.http.put(path, response_model=PatientBillingPolicyView)
    async def put_patient_billing_policy(
        tenant_id: TenantPath,
        body: Annotated[PatientBillingPolicyBody, Body()],
        acting: TenantId,
        caller: ActingCaller,
    ) -> PatientBillingPolicyView:
        _same_tenant(tenant_id, acting)
        policy = PatientBillingPolicy(
            minimum_statement_balance=body.minimum_statement_balance,
            small_balance_write_off_below=body.small_balance_write_off_below,
            plan_grace_days=body.plan_grace_days,
            changed_by=caller.subject,
        )
        await policies.put(tenant_id, policy)
        return _policy_view(policy)
