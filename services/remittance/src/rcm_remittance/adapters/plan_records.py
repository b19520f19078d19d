"""Payment plans: one document per patient (the tenant in its _id) holding the patient's latest plan; money in
cents. A new plan replaces a finished one with a conditional write on the old plan id, so two requests racing
to start plans cannot both win."""

from __future__ import annotations

from datetime import date
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError
from rcm_schemas.money import from_cents, to_cents

from rcm_remittance.domain.payment_plans import PaymentPlan
from rcm_remittance.domain.remittance_identity import stored_key

PAYMENT_PLANS = "payment_plans"


class PlanRecordRepository:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def current(self, patient_id: str, tenant_id: str) -> PaymentPlan | None:
        document = await self.collection.find_one({"_id": stored_key(tenant_id, patient_id)})
        if document is None:
            return None
        return PaymentPlan(
            plan_id=document["plan_id"],
            patient_id=patient_id,
            total=from_cents(document["total_cents"]),
            instalment=from_cents(document["instalment_cents"]),
            first_due=date.fromisoformat(document["first_due"]),
            agreed_at=document["agreed_at"],
            paid_before=from_cents(document["paid_before_cents"]),
        )

    async def start(self, plan: PaymentPlan, tenant_id: str, replacing: str | None) -> bool:
        key = stored_key(tenant_id, plan.patient_id)
        document = {
            "_id": key,
            "tenant_id": tenant_id,
            "plan_id": plan.plan_id,
            "total_cents": to_cents(plan.total),
            "instalment_cents": to_cents(plan.instalment),
            "first_due": plan.first_due.isoformat(),
            "agreed_at": plan.agreed_at,
            "paid_before_cents": to_cents(plan.paid_before),
        }
        if replacing is None:
            try:
                await self.collection.insert_one(document)
            except DuplicateKeyError:
                return False
            return True
        replaced = await self.collection.replace_one({"_id": key, "plan_id": replacing}, document)
        return replaced.matched_count == 1
