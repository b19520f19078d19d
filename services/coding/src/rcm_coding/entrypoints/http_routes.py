"""HTTP API: the coder queue (list, take, approve with edits), an encounter's coding, the upcoding report.

Take and approve publish commands (202): the encounter's consumer applies them in partition order, so a
take followed at once by an approve is applied in that order. Obvious refusals (another coder holds the
item, codes that do not validate) are answered at once instead of being discovered later.
"""

from __future__ import annotations

from fastapi import HTTPException, Query
from rcm_platform import Service
from rcm_platform.http import ActingCaller, IdempotencyKey, TenantId, unprocessable
from rcm_platform.ports import State
from rcm_schemas.events.coding import AssignCodingReview, CompleteCodingReview

from rcm_coding.adapters.coding_queries import CodingQueries
from rcm_coding.domain.line_rules import validate_encounter
from rcm_coding.domain.models import has_errors
from rcm_coding.domain.upcoding_signal import upcoding_report
from rcm_coding.entrypoints.http_models import ApproveRequest
from rcm_coding.entrypoints.http_problems import finding_problems
from rcm_coding.entrypoints.http_responses import (
    ApprovalSent,
    CoderCommandSent,
    EncounterCodingView,
    UpcodingReportView,
    WorkItemDetail,
    WorkItemSummary,
)
from rcm_coding.entrypoints.http_views import (
    coding_view,
    load_coding,
    load_work_item_owner,
    upcoding_view,
    work_item_view,
)
from rcm_coding.service.coding_document import encounter_for_review
from rcm_coding.service.document_layout import finding_doc
from rcm_coding.service.registration_translation import coded_line


def _refuse_if_held_by_another(state: State, coder_id: str) -> None:
    item = state["work_item"]
    if item["status"] == "approved":
        raise HTTPException(409, f"work item {item['work_item_id']} is already approved")
    if item["status"] == "taken" and item["coder_id"] != coder_id:
        raise HTTPException(409, f"work item {item['work_item_id']} is taken by {item['coder_id']}")


def register_routes(service: Service, queries: CodingQueries) -> None:
    @service.http.get("/work-items", response_model=list[WorkItemSummary])
    async def list_work_items(
        tenant_id: TenantId, status: str | None = Query(None, pattern="^(open|taken|approved)$")
    ) -> list[WorkItemSummary]:
        states = await queries.with_work_items(tenant_id, status)
        return [WorkItemSummary.model_validate(work_item_view(state)) for state in states]

    @service.http.get("/work-items/{work_item_id}")
    async def get_work_item(work_item_id: str, tenant_id: TenantId) -> WorkItemDetail:
        state = await load_work_item_owner(queries, tenant_id, work_item_id)
        return WorkItemDetail.model_validate(work_item_view(state, with_note=True))

    @service.http.post("/work-items/{work_item_id}/take", status_code=202)
    async def take_work_item(
        work_item_id: str, tenant_id: TenantId, caller: ActingCaller, idempotency_key: IdempotencyKey = None
    ) -> CoderCommandSent:
        """The signed-in coder takes the item (the coder is the token's subject)."""
        state = await load_work_item_owner(queries, tenant_id, work_item_id)
        _refuse_if_held_by_another(state, caller.subject)
        command = AssignCodingReview(
            encounter_id=state["encounter_id"], work_item_id=work_item_id, coder_id=caller.subject
        )
        sent = await service.publish(command, tenant_id=tenant_id, idempotency_key=idempotency_key)
        return CoderCommandSent(command_id=str(sent))

    @service.http.post("/work-items/{work_item_id}/approve", status_code=202)
    async def approve_work_item(
        work_item_id: str,
        body: ApproveRequest,
        tenant_id: TenantId,
        caller: ActingCaller,
        idempotency_key: IdempotencyKey = None,
    ) -> ApprovalSent:
        state = await load_work_item_owner(queries, tenant_id, work_item_id)
        _refuse_if_held_by_another(state, caller.subject)
        lines = tuple(coded_line(line) for line in body.lines)
        findings = validate_encounter(encounter_for_review(state, tuple(body.diagnoses), lines))
        if has_errors(findings):
            raise unprocessable(finding_problems(findings, body))
        command = CompleteCodingReview(
            encounter_id=state["encounter_id"],
            work_item_id=work_item_id,
            coder_id=caller.subject,
            diagnoses=body.diagnoses,
            lines=body.lines,
        )
        sent = await service.publish(command, tenant_id=tenant_id, idempotency_key=idempotency_key)
        return ApprovalSent.model_validate(
            {"command_id": str(sent), "warnings": [finding_doc(f) for f in findings]}
        )

    @service.http.get("/encounters/{encounter_id}/coding")
    async def get_coding(encounter_id: str, tenant_id: TenantId) -> EncounterCodingView:
        return EncounterCodingView.model_validate(
            coding_view(await load_coding(queries, tenant_id, encounter_id))
        )

    @service.http.get("/reports/upcoding")
    async def get_upcoding_report(
        tenant_id: TenantId, clinic_id: str = Query(min_length=1, max_length=64)
    ) -> UpcodingReportView:
        report = upcoding_report(clinic_id, await queries.office_visits(tenant_id, clinic_id))
        return UpcodingReportView.model_validate(upcoding_view(report))
