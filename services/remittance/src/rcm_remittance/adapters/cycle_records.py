"""Statement cycles as run: one document per cycle id (the tenant in its _id), written once; money in cents."""

from __future__ import annotations

from datetime import date
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError
from rcm_schemas.money import from_cents, to_cents

from rcm_remittance.domain.remittance_identity import stored_key
from rcm_remittance.service.statements import CycleRun, IssuedStatement, WrittenOffBalance

STATEMENT_CYCLES = "statement_cycles"


class CycleRecordRepository:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def record(self, cycle_id: str, tenant_id: str, run: CycleRun) -> bool:
        document = {
            "_id": stored_key(tenant_id, cycle_id),
            "tenant_id": tenant_id,
            "statement_date": run.statement_date.isoformat(),
            "statements": [
                {
                    "patient_id": s.patient_id,
                    "total_due_cents": to_cents(s.total_due),
                    "amount_due_now_cents": to_cents(s.amount_due_now),
                    "notice": s.notice,
                }
                for s in run.issued
            ],
            "written_off": [
                {"patient_id": w.patient_id, "amount_cents": to_cents(w.amount)} for w in run.written_off
            ],
        }
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError:
            return False
        return True

    async def get(self, cycle_id: str, tenant_id: str) -> CycleRun | None:
        document = await self.collection.find_one({"_id": stored_key(tenant_id, cycle_id)})
        if document is None:
            return None
        return CycleRun(
            date.fromisoformat(document["statement_date"]),
            [
                IssuedStatement(
                    s["patient_id"],
                    from_cents(s["total_due_cents"]),
                    s["notice"],
                    from_cents(s["amount_due_now_cents"]),
                )
                for s in document["statements"]
            ],
            [
                WrittenOffBalance(w["patient_id"], from_cents(w["amount_cents"]))
                for w in document["written_off"]
            ],
        )
