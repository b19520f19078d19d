"""Each clinic's patient billing policy: one document per tenant; money in cents. A clinic that never set one
gets the defaults."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_schemas.money import from_cents, to_cents

from rcm_remittance.domain.billing_policy import PatientBillingPolicy

BILLING_POLICIES = "patient_billing_policies"


class PolicyRecordRepository:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def get(self, tenant_id: str) -> PatientBillingPolicy:
        document = await self.collection.find_one({"_id": tenant_id})
        if document is None:
            return PatientBillingPolicy()
        return PatientBillingPolicy(
            minimum_statement_balance=from_cents(document["minimum_statement_balance_cents"]),
            small_balance_write_off_below=from_cents(document["small_balance_write_off_below_cents"]),
            plan_grace_days=document["plan_grace_days"],
            changed_by=document.get("changed_by"),
        )

    async def put(self, tenant_id: str, policy: PatientBillingPolicy) -> None:
        # A whole-document replace by _id: the last administrator's choice wins, which is what a setting means.
        await self.collection.replace_one(
            {"_id": tenant_id},
            {
                "_id": tenant_id,
                "minimum_statement_balance_cents": to_cents(policy.minimum_statement_balance),
                "small_balance_write_off_below_cents": to_cents(policy.small_balance_write_off_below),
                "plan_grace_days": policy.plan_grace_days,
                "changed_by": policy.changed_by,
            },
            upsert=True,
        )
