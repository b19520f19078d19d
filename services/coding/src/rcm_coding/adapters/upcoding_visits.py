"""The office visits the upcoding report reads: (provider, E/M code) of every coded encounter of a clinic."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from rcm_coding.domain.procedure_groups import is_em_office_visit


async def office_visits(
    documents: AsyncCollection[dict[str, Any]], tenant_id: str, clinic_id: str
) -> list[tuple[str, str]]:
    # A scan, not an indexed lookup (FerretDB indexes only _id): a report, read rarely, not a hot path.
    query = {"tenant_id": tenant_id, "state.clinic_id": clinic_id, "state.status": "coded"}
    visits: list[tuple[str, str]] = []
    async for doc in documents.find(query, {"state.provider_id": 1, "state.lines": 1}):
        state = doc["state"]
        visits.extend(
            (state["provider_id"], line["procedure_code"])
            for line in state["lines"]
            if is_em_office_visit(line["procedure_code"])
        )
    return visits
