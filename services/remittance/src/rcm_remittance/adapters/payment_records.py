"""Patient payments as recorded when taken: one document per payment id (the tenant in its _id), written once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError
from rcm_schemas.money import from_cents, to_cents

from rcm_remittance.domain.patient_payments import Allocation
from rcm_remittance.domain.remittance_identity import stored_key
from rcm_remittance.service.patient_payments import PatientPayment

PATIENT_PAYMENTS = "patient_payments"


class PaymentRecordRepository:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def record(
        self, payment: PatientPayment, allocation: Allocation, tenant_id: str, at: datetime
    ) -> bool:
        document = {
            "_id": stored_key(tenant_id, payment.payment_id),
            "tenant_id": tenant_id,
            "payment_id": payment.payment_id,
            "patient_id": payment.patient_id,
            "amount_cents": to_cents(payment.amount),
            "method": payment.method,
            "reference": payment.reference,
            "applied": [
                {"claim_id": claim_id, "amount_cents": to_cents(amount)}
                for claim_id, amount in allocation.applied
            ],
            "credit_cents": to_cents(allocation.credit),
            "at": at,
        }
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError:
            return False
        return True

    async def get(self, payment_id: str, tenant_id: str) -> tuple[Allocation, datetime] | None:
        document = await self.collection.find_one({"_id": stored_key(tenant_id, payment_id)})
        if document is None:
            return None
        applied = tuple((part["claim_id"], from_cents(part["amount_cents"])) for part in document["applied"])
        return Allocation(applied, from_cents(document["credit_cents"])), document["at"]
