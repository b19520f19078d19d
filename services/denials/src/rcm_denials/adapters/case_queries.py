"""The read side of the denial cases: work queues, one case, every case of a tenant (for analytics).

Only the consumer writes the cases (through the aggregate store); these queries read the stored documents.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from rcm_denials.adapters.mongo_repositories import DENIAL_CASES
from rcm_denials.domain.denial_case import DenialCase
from rcm_denials.domain.denial_facts import WorkQueue
from rcm_denials.domain.work_items import WorkItem, WorkItemStatus
from rcm_denials.service.case_documents import CaseContext, case_of, context_of


class DenialCaseQueries:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.cases = db[DENIAL_CASES]

    async def open_work_items(self, tenant_id: str, queue: WorkQueue) -> list[WorkItem]:
        query = {
            "tenant_id": tenant_id,
            "state.case.work_item.queue": queue.value,
            "state.case.work_item.status": WorkItemStatus.OPEN.value,
        }
        return [
            case.work_item
            async for doc in self.cases.find(query)
            if (case := case_of(doc["state"])) is not None and case.work_item is not None
        ]

    async def case(self, claim_id: str) -> tuple[DenialCase, CaseContext] | None:
        doc = await self.cases.find_one({"_id": claim_id})
        case = case_of(doc["state"]) if doc is not None else None
        if doc is None or case is None:
            return None
        return case, context_of(doc["state"])

    async def state(self, claim_id: str) -> dict[str, Any] | None:
        """The case's stored aggregate state, as its owner will load it (for the checks at the door)."""
        doc = await self.cases.find_one({"_id": claim_id}, {"state": 1})
        return None if doc is None else dict(doc["state"])

    async def cases_of_encounter(self, tenant_id: str, encounter_id: str) -> list[DenialCase]:
        """The cases of the encounter's claims (an original and its rebills), as their denials named it."""
        query = {"tenant_id": tenant_id, "state.context.encounter_id": encounter_id}
        return [case async for doc in self.cases.find(query) if (case := case_of(doc["state"])) is not None]

    async def cases_of(self, tenant_id: str) -> AsyncIterator[tuple[DenialCase, CaseContext]]:
        async for doc in self.cases.find({"tenant_id": tenant_id}):
            if (case := case_of(doc["state"])) is not None:
                yield case, context_of(doc["state"])
