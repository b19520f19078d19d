"""POST /encounters:batch: many encounters in one request, for EHR feeds and the bench.

Each item is admitted exactly as POST /encounters admits one (its own Idempotency-Key, cross-checks,
eligibility), a few at a time, and answered in the request's order; a rejected item is answered with its
problems and does not stop the others. What the batch saves is per-request work: one sign-in and request
record, the items' events sent in one producer flush (rcm_platform.outbox_batch), and one audit append naming
every registered encounter.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Literal
from uuid import uuid4

from fastapi import FastAPI
from pydantic import BaseModel
from rcm_platform.audit.trail import AuditRecord, AuditTrail
from rcm_platform.http import ActingCaller, Problem, TenantId
from rcm_platform.outbox_batch import OutboxBatch, holding

from rcm_registration.entrypoints.api_models import EncounterBatchCreate, EncounterBatchItem
from rcm_registration.entrypoints.http_views import EncounterView
from rcm_registration.service.encounter_admission import EncounterAdmission, IntakeRejected

BATCH_ROUTE = "/encounters:batch"
ITEMS_AT_ONCE = 8
"""Items admitted concurrently (each is its own encounter, as concurrent requests are): a batch waits for its
reads and eligibility checks side by side instead of one after another."""


class EncounterBatchResult(BaseModel):
    idempotency_key: str
    outcome: Literal["registered", "rejected"]
    """registered: stored (now, or by an earlier request with the same key); rejected: nothing stored."""
    encounter: EncounterView | None = None
    problems: list[Problem] = []
    """For a rejected item: where (loc from the request body, e.g. ["body", "items", 3, "encounter", ...])."""


class EncounterBatchResponse(BaseModel):
    results: list[EncounterBatchResult]
    registered: int
    rejected: int


def add_encounter_batch_route(http: FastAPI, admission: EncounterAdmission, audit: AuditTrail) -> None:
    @http.post(BATCH_ROUTE, status_code=200, tags=["encounters"])
    async def create_encounters(
        body: EncounterBatchCreate, tenant_id: TenantId, caller: ActingCaller
    ) -> EncounterBatchResponse:
        outbox = OutboxBatch()
        gate = asyncio.Semaphore(ITEMS_AT_ONCE)

        async def admitted(index: int, item: EncounterBatchItem) -> EncounterBatchResult:
            key = item.idempotency_key
            async with gate:
                try:
                    encounter = await admission.admit(
                        item.encounter, tenant_id=tenant_id, idempotency_key=key
                    )
                except IntakeRejected as rejected:
                    where = ["body", "items", index, "encounter"]
                    problems = [
                        Problem(type=p.code, loc=[*where, *p.path], msg=p.message) for p in rejected.problems
                    ]
                    return EncounterBatchResult(idempotency_key=key, outcome="rejected", problems=problems)
            return EncounterBatchResult(
                idempotency_key=key, outcome="registered", encounter=EncounterView.of(encounter)
            )

        try:
            with holding(outbox):  # the tasks below copy this context: their outboxes are held by `outbox`
                results = await asyncio.gather(
                    *(admitted(index, item) for index, item in enumerate(body.items))
                )
            # The request's own record names no encounter; each registered one gets its record, in one append.
            at = datetime.now(UTC)
            await audit.record(
                tenant_id,
                [
                    AuditRecord(
                        audit_id=uuid4().hex,
                        at=at,
                        actor=caller.subject,
                        role=caller.role.value,
                        action=f"POST {BATCH_ROUTE}",
                        why="register encounter (batch item)",
                        outcome="201",
                        source="http",
                        target={"encounter_id": result.encounter.encounter_id},
                        cause=result.idempotency_key,
                    )
                    for result in results
                    if result.encounter is not None
                ],
            )
        finally:
            # What was stored is published even when an item or the audit append failed: the caller's retry
            # (same keys) finds those encounters stored and answers with them, so this is their only publish.
            await outbox.publish()
        registered = sum(result.outcome == "registered" for result in results)
        return EncounterBatchResponse(
            results=results, registered=registered, rejected=len(results) - registered
        )
