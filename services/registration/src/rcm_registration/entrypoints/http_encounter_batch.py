"""POST /encounters:batch: many encounters in one request, for EHR feeds and the bench.

Each item is admitted exactly as POST /encounters admits one (its own Idempotency-Key, cross-checks,
eligibility), in order; a rejected item is answered with its problems and does not stop the others. What the
batch saves is per-request work: one sign-in and request record, the clinic and providers read once, the items'
events sent in one producer flush (rcm_platform.outbox_batch), and one audit append naming every encounter.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from uuid import uuid4

from fastapi import FastAPI
from pydantic import BaseModel
from rcm_platform.audit.trail import AuditRecord, AuditTrail
from rcm_platform.http import ActingCaller, Problem, TenantId
from rcm_platform.outbox_batch import OutboxBatch, holding

from rcm_registration.entrypoints.api_models import EncounterBatchCreate
from rcm_registration.entrypoints.http_views import EncounterView
from rcm_registration.service.encounter_admission import EncounterAdmission, IntakeRejected

BATCH_ROUTE = "/encounters:batch"


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
        results: list[EncounterBatchResult] = []
        outbox = OutboxBatch()
        with holding(outbox):
            for index, item in enumerate(body.items):
                try:
                    encounter = await admission.admit(
                        item.encounter, tenant_id=tenant_id, idempotency_key=item.idempotency_key
                    )
                except IntakeRejected as rejected:
                    where = ["body", "items", index, "encounter"]
                    problems = [
                        Problem(type=p.code, loc=[*where, *p.path], msg=p.message) for p in rejected.problems
                    ]
                    results.append(
                        EncounterBatchResult(
                            idempotency_key=item.idempotency_key, outcome="rejected", problems=problems
                        )
                    )
                    continue
                results.append(
                    EncounterBatchResult(
                        idempotency_key=item.idempotency_key,
                        outcome="registered",
                        encounter=EncounterView.of(encounter),
                    )
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
        await outbox.publish()
        registered = sum(result.outcome == "registered" for result in results)
        return EncounterBatchResponse(
            results=results, registered=registered, rejected=len(results) - registered
        )
