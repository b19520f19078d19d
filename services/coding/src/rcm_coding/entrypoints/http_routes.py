"""HTTP API: the coder queue (list, take, approve with edits), an encounter's coding, the upcoding report.

Take and approve publish commands (202): the encounter's consumer applies them in partition order, so a
take followed at once by an approve is applied in that order. Obvious refusals (another coder holds the
item, codes that do not validate) are answered at once instead of being discovered later.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Query
from rcm_platform import Service
from rcm_schemas.events.coding import AssignCodingReview, CompleteCodingReview

from rcm_coding.adapters.coding_documents import finding_doc
from rcm_coding.adapters.registration_translator import coded_line
from rcm_coding.adapters.upcoding_visits import office_visits
from rcm_coding.domain.line_rules import validate_encounter
from rcm_coding.domain.models import has_errors
from rcm_coding.domain.upcoding_signal import upcoding_report
from rcm_coding.entrypoints.http_models import ApproveRequest, TakeRequest, TenantHeader
from rcm_coding.entrypoints.http_views import (
    CODING_COLLECTION,
    coding_view,
    load_coding,
    load_work_item_owner,
    work_item_view,
)
from rcm_coding.service.coding_document import encounter_for_review

Doc = dict[str, Any]


def _refuse_if_held_by_another(state: Doc, coder_id: str) -> None:
    item = state["work_item"]
    if item["status"] == "approved":
        raise HTTPException(409, f"work item {item['work_item_id']} is already approved")
    if item["status"] == "taken" and item["coder_id"] != coder_id:
        raise HTTPException(409, f"work item {item['work_item_id']} is taken by {item['coder_id']}")


def register_routes(service: Service) -> None:
    db = service.db

    @service.http.get("/work-items")
    async def list_work_items(
        tenant_id: TenantHeader, status: str | None = Query(None, pattern="^(open|taken|approved)$")
    ) -> list[Doc]:
        query: Doc = {"tenant_id": tenant_id, "state.work_item": {"$ne": None}}
        if status is not None:
            query["state.work_item.status"] = status
        cursor = db[CODING_COLLECTION].find(query, {"state": 1}).sort("_id", 1)
        return [work_item_view(doc["state"]) async for doc in cursor]

    @service.http.get("/work-items/{work_item_id}")
    async def get_work_item(work_item_id: str, tenant_id: TenantHeader) -> Doc:
        return work_item_view(await load_work_item_owner(db, tenant_id, work_item_id), with_note=True)

    @service.http.post("/work-items/{work_item_id}/take", status_code=202)
    async def take_work_item(work_item_id: str, body: TakeRequest, tenant_id: TenantHeader) -> dict[str, str]:
        state = await load_work_item_owner(db, tenant_id, work_item_id)
        _refuse_if_held_by_another(state, body.coder_id)
        command = AssignCodingReview(
            encounter_id=state["encounter_id"], work_item_id=work_item_id, coder_id=body.coder_id
        )
        return {"command_id": str(await service.publish(command, tenant_id=tenant_id))}

    @service.http.post("/work-items/{work_item_id}/approve", status_code=202)
    async def approve_work_item(work_item_id: str, body: ApproveRequest, tenant_id: TenantHeader) -> Doc:
        state = await load_work_item_owner(db, tenant_id, work_item_id)
        _refuse_if_held_by_another(state, body.coder_id)
        lines = tuple(coded_line(line) for line in body.lines)
        findings = validate_encounter(encounter_for_review(state, tuple(body.diagnoses), lines))
        if has_errors(findings):
            raise HTTPException(
                422, {"message": "the codes do not validate", "findings": [finding_doc(f) for f in findings]}
            )
        command = CompleteCodingReview(
            encounter_id=state["encounter_id"],
            work_item_id=work_item_id,
            coder_id=body.coder_id,
            diagnoses=body.diagnoses,
            lines=body.lines,
        )
        return {
            "command_id": str(await service.publish(command, tenant_id=tenant_id)),
            "warnings": [finding_doc(f) for f in findings],
        }

    @service.http.get("/encounters/{encounter_id}/coding")
    async def get_coding(encounter_id: str, tenant_id: TenantHeader) -> Doc:
        return coding_view(await load_coding(db, tenant_id, encounter_id))

    @service.http.get("/reports/upcoding")
    async def get_upcoding_report(tenant_id: TenantHeader, clinic_id: str = Query(min_length=1)) -> Doc:
        report = upcoding_report(clinic_id, await office_visits(db[CODING_COLLECTION], tenant_id, clinic_id))
        return {
            "clinic_id": report.clinic_id,
            "clinic_level_counts": report.clinic_level_counts,
            "providers": [profile_view(p) for p in report.providers],
            "flagged": [p.provider_id for p in report.flagged],
        }


def profile_view(profile: Any) -> Doc:
    return {
        "provider_id": profile.provider_id,
        "visits": profile.visits,
        "level_counts": profile.level_counts,
        "high_level_share": profile.high_level_share,
        "peer_high_level_share": profile.peer_high_level_share,
        "high_share_difference": profile.high_share_difference,
        "chi_square": profile.chi_square,
        "flagged": profile.flagged,
        "reasons": list(profile.reasons),
    }
